using Atencion.EventStore;
using Atencion.Projections.Entities;

namespace Atencion.CaseService.Http;

/// <summary>Resolves <c>{tenant}</c> to a known entity and refuses a token of another tenant with the same 404, revealing nothing.</summary>
public sealed class TenantFilter(EntityRegistry registry) : IEndpointFilter
{
    private const string Key = "atencion.entity";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var tenant = http.GetRouteValue("tenant") as string ?? "";
        var entity = await registry.FindAsync(tenant, http.RequestAborted);
        var claimed = http.User.FindFirst("tenant")?.Value;
        if (entity is null || (http.User.Identity?.IsAuthenticated == true && claimed != tenant))
            throw new ResourceNotFound($"There is no entity '{tenant}' for this caller.");
        http.Items[Key] = entity;
        return await next(context);
    }

    /// <summary>The entity resolved for this request.</summary>
    public static Entity EntityOf(HttpContext http) => (Entity)http.Items[Key]!;

    /// <summary>The tenant resolved for this request.</summary>
    public static TenantId TenantOf(HttpContext http) => new(EntityOf(http).Tenant);
}
