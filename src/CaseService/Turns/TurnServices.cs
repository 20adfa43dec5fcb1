using Atencion.CaseService.Chat;

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
        app.MapHub<TurnBoardHub>(TurnBoardHub.Path).RequireCors(EntityCorsPolicyProvider.Policy);
    }
}
