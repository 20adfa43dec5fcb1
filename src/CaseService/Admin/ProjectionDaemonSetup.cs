using Atencion.CaseService.Hosting;
using Atencion.Projections.CaseSearch;
using Atencion.Projections.Daemon;

namespace Atencion.CaseService.Admin;

/// <summary>Registers the async projections, the daemon that runs them (as a hosted service), and its readiness check.</summary>
public static class ProjectionDaemonSetup
{
    /// <summary>
    /// Adds the daemon; call after the migrations' hosted service so it starts on a migrated schema. Settings:
    /// <c>Projections:BatchSize</c>, <c>Projections:PollIntervalSeconds</c>, <c>Projections:LockRetrySeconds</c>.
    /// </summary>
    public static IServiceCollection AddProjectionDaemon(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<IAsyncProjection, CaseSearchProjection>();
        services.AddSingleton(sp =>
        {
            var db = sp.GetRequiredService<DatabaseSettings>();
            return new ProjectionDaemonOptions
            {
                AdminConnectionString = db.Admin,
                AppRole = db.AppRole,
                BatchSize = config.GetValue("Projections:BatchSize", 500),
                PollInterval = TimeSpan.FromSeconds(config.GetValue("Projections:PollIntervalSeconds", 2.0)),
                LockRetryInterval = TimeSpan.FromSeconds(config.GetValue("Projections:LockRetrySeconds", 3.0)),
            };
        });
        services.AddSingleton<ProjectionDaemon>();
        services.AddHostedService(sp => sp.GetRequiredService<ProjectionDaemon>());
        services.AddHealthChecks().AddCheck<ProjectionsHealthCheck>("projections", tags: ["ready"]);
        return services;
    }
}
