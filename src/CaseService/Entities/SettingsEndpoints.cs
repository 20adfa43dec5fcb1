using Atencion.CaseService.Auth;
using Atencion.CaseService.Http;
using Atencion.CaseService.Http.OpenApi;
using Atencion.Domain.Entities;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atencion.CaseService.Entities;

/// <summary>An entity's configuration with its version.</summary>
public sealed record SettingsResponse(string Tenant, long Version, DateTimeOffset UpdatedAt, EntitySettings Settings);

public static class SettingsEndpoints
{
    public static RouteGroupBuilder MapSettings(this RouteGroupBuilder api)
    {
        var settings = api.MapGroup("/settings").WithTags("Entity settings").RequireAuthorization(Roles.Administers);
        settings.MapGet("/", Get).WithSummary("The entity's configuration (admin).").WithETag();
        settings.MapPut("/", Put).WithSummary("Replace the entity's configuration (admin); every change is an event of the entity's stream.")
            .ProducesValidationProblem().ProducesProblem(412).AcceptsIfMatch().WithETag();
        return api;
    }

    public static Ok<SettingsResponse> Get(HttpContext http)
    {
        var entity = TenantFilter.EntityOf(http);
        Versions.SetETag(http.Response, entity.Version);
        return TypedResults.Ok(new SettingsResponse(entity.Tenant, entity.Version, entity.UpdatedAt, entity.Settings));
    }

    public static async Task<Ok<SettingsResponse>> Put(EntitySettings settings, HttpContext http, EntityCommands commands, Projections.Entities.EntityRegistry registry, CancellationToken ct)
    {
        var tenant = TenantFilter.TenantOf(http);
        await commands.ChangeAsync(tenant, settings, Versions.IfMatch(http.Request), Actor.Metadata(http, "console"), ct);
        var entity = (await registry.FindAsync(tenant.Value, ct))!;
        Versions.SetETag(http.Response, entity.Version);
        return TypedResults.Ok(new SettingsResponse(entity.Tenant, entity.Version, entity.UpdatedAt, entity.Settings));
    }
}
