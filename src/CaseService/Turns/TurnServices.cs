using Atencion.CaseService.Chat;
using Atencion.CaseService.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace Atencion.CaseService.Turns;

/// <summary>The turns feature's wiring, kept here so the host gains one line per phase.</summary>
public static class TurnServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<TurnSettings>();
        services.AddSingleton<TurnExpiry>();
        services.AddSingleton<RealTime.IHubPusher, TurnBoardPusher>();
    }

    public static void Map(WebApplication app, RouteGroupBuilder api)
    {
        api.MapTurns();
        app.MapHub<TurnBoardHub>(TurnBoardHub.Path).RequireCors(EntityCorsPolicyProvider.Policy).Add(RateLimitNegotiate);
    }

    /// <summary>
    /// The anonymous hub's negotiate request (one per connection or reconnection) counts against the turns family's rate limit
    /// (its path names no entity, so one bucket per address for all of them) and, like the board, answers citizens' problems in
    /// Spanish; the connection's own requests do not count, or a screen on long polling (one request per push) would be cut off
    /// on a busy day.
    /// </summary>
    private static void RateLimitNegotiate(EndpointBuilder endpoint)
    {
        if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } pattern } && pattern.EndsWith("/negotiate", StringComparison.Ordinal))
        {
            endpoint.Metadata.Add(new EnableRateLimitingAttribute(PublicRateLimits.Policy(PublicRateLimits.Turns)));
            endpoint.Metadata.Add(CitizenFacing.Route);
        }
    }
}
