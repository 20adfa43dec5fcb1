namespace Atencion.CaseService.RealTime;

/// <summary>The hubs' feed from the log: each node's subscription, the features' pushers and the readiness check.</summary>
public static class HubFeedSetup
{
    /// <summary>Adds the node's hub feed; call after the projection daemon (it names the node) and the migrations.</summary>
    public static IServiceCollection AddHubFeed(this IServiceCollection services)
    {
        services.AddSingleton<IHubPusher, Chat.ChatHubPusher>();
        services.AddSingleton<HubFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<HubFeed>());
        services.AddHealthChecks().AddCheck<HubFeedHealthCheck>("feed", tags: ["ready"]);
        return services;
    }
}
