using Atencion.Projections.Entities;
using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Atencion.CaseService.Chat;

/// <summary>CORS for the public routes and the hub: exactly the origins in the entity's configuration, and nothing for an unknown entity.</summary>
/// <remarks>The tenant comes from the route (<c>/api/{tenant}/…</c>) or, for the hub, from the query (<c>/hubs/chat?tenant=…</c>).</remarks>
public sealed class EntityCorsPolicyProvider(EntityRegistry entities) : ICorsPolicyProvider
{
    /// <summary>The policy name the public endpoints and the hub require.</summary>
    public const string Policy = "entity-origins";

    public async Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        if (policyName != Policy) return null;
        var tenant = context.GetRouteValue("tenant") as string ?? context.Request.Query["tenant"].FirstOrDefault();
        var entity = string.IsNullOrEmpty(tenant) ? null : await entities.FindAsync(tenant, context.RequestAborted);
        var builder = new CorsPolicyBuilder().AllowAnyHeader().AllowAnyMethod().WithExposedHeaders(Http.Actor.CorrelationHeader);
        var origins = entity?.Settings.AllowedOrigins ?? [];
        return origins.Count == 0 ? builder.Build() : builder.WithOrigins([.. origins]).AllowCredentials().Build();
    }
}
