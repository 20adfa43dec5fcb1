using Atencion.CaseService.Chat;
using Atencion.CaseService.Pqrsd;
using Microsoft.AspNetCore.RateLimiting;

namespace Atencion.CaseService.Turns;

/// <summary>The turns feature's wiring, kept here so the host gains one line per phase.</summary>
public static class TurnServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<TurnSettings>();
        services.AddSingleton<TurnExpiry>();
        services.AddHostedService<TurnBoardPusher>();
    }

    public static void Map(WebApplication app, RouteGroupBuilder api)
    {
        api.MapTurns();
        app.MapHub<TurnBoardHub>(TurnBoardHub.Path).RequireCors(EntityCorsPolicyProvider.Policy).Add(RateLimitNegotiate);
    }

    /// <summary>
    /// The anonymous hub's negotiate request (one per connection or reconnection) counts against the public rate limit; the
    /// connection's own requests do not, or a screen on long polling (one request per push) would be cut off on a busy day.
    /// </summary>
    private static void RateLimitNegotiate(EndpointBuilder endpoint)
    {
        if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } pattern } && pattern.EndsWith("/negotiate", StringComparison.Ordinal))
            endpoint.Metadata.Add(new EnableRateLimitingAttribute(PqrsdEndpoints.RateLimitPolicy));
    }
}
