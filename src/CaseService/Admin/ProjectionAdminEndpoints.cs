using Atencion.CaseService.Auth;
using Atencion.CaseService.Http;
using Atencion.Projections.Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atencion.CaseService.Admin;

/// <summary>The async projections as the operators see them: <c>/api/admin/projections</c>, outside any tenant.</summary>
/// <remarks>
/// Mapped on the application itself, not on the <c>/api/{tenant}</c> group: the literal segment <c>admin</c> outranks the
/// <c>{tenant}</c> parameter, and the tenant filter never runs. The projections span every tenant and show no tenant's
/// data, only positions and errors, so any entity's administrator may read them and ask for a rebuild.
/// </remarks>
public static class ProjectionAdminEndpoints
{
    /// <summary>Maps the admin routes (role admin).</summary>
    public static IEndpointRouteBuilder MapProjectionAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/projections").WithTags("Admin").RequireAuthorization(Roles.OperatesPlatform);
        admin.MapGet("/", List)
            .WithSummary("Every async projection: state (running here, standby while another node runs it, rebuilding, faulted, stopped), checkpoint, lag in events and seconds, last error.");
        admin.MapGet("/{name}", Get)
            .WithSummary("One async projection's state, checkpoint, lag and last error.").ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/{name}/rebuild", Rebuild)
            .WithSummary("The node running the projection replays it from the first event through Marten into shadow tables, which replace the live ones when done; the live tables serve meanwhile (202).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<ProjectionStatus>>> List(AsyncProjections daemon, CancellationToken ct) =>
        TypedResults.Ok(await daemon.StatusAsync(ct));

    public static async Task<Ok<ProjectionStatus>> Get(string name, AsyncProjections daemon, CancellationToken ct) =>
        TypedResults.Ok((await daemon.StatusAsync(ct)).FirstOrDefault(p => p.Name == name) ?? throw NotFound(name, daemon));

    public static async Task<Accepted<ProjectionStatus>> Rebuild(string name, AsyncProjections daemon, CancellationToken ct)
    {
        if (!await daemon.RequestRebuildAsync(name, ct)) throw NotFound(name, daemon);
        var status = (await daemon.StatusAsync(ct)).Single(p => p.Name == name);
        return TypedResults.Accepted($"/api/admin/projections/{name}", status);
    }

    private static ResourceNotFound NotFound(string name, AsyncProjections daemon) =>
        new($"There is no projection '{name}'; there are: {string.Join(", ", daemon.Projections.Select(p => p.Name))}.");
}
