using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Atencion.CaseService.Chat;

/// <summary>CORS for the public routes and the hub: exactly the origins in the entity's configuration, and nothing for an unknown entity.</summary>
/// <remarks>The tenant comes from the route (<c>/api/{tenant}/…</c>) or, for the hub, from the query (<c>/hubs/chat?tenant=…</c>).</remarks>
public sealed class EntityCorsPolicyProvider(AllowedOrigins allowed) : ICorsPolicyProvider
{
    /// <summary>The policy name the public endpoints and the hub require.</summary>
    public const string Policy = "entity-origins";

    /// <summary>The response headers a page may read besides the CORS-safelisted ones: when to retry a 429, a read's version, a filing's address, the correlation id.</summary>
    public static readonly string[] ExposedHeaders = ["Retry-After", "ETag", "Location", Http.Actor.CorrelationHeader];

    public async Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        if (policyName != Policy) return null;
        var origins = await allowed.OfAsync(TenantOf(context), context.RequestAborted);
        var builder = new CorsPolicyBuilder().AllowAnyHeader().AllowAnyMethod().WithExposedHeaders(ExposedHeaders);
        return origins.Count == 0 ? builder.Build() : builder.WithOrigins([.. origins]).AllowCredentials().Build();
    }

    /// <summary>The tenant a public request names: the route's <c>{tenant}</c>, else the <c>tenant</c> query (the hubs).</summary>
    public static string? TenantOf(HttpContext context) =>
        context.GetRouteValue("tenant") as string ?? context.Request.Query["tenant"].FirstOrDefault();
}
