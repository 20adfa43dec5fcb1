using Atencion.CaseService.Hosting;
using Atencion.EventStore;
using Atencion.Projections.CaseSearch;
using Atencion.Projections.Daemon;
using Atencion.Projections.Marten;
using JasperFx.Events.Daemon;
using Marten;
using Npgsql;
using MartenCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace Atencion.CaseService.Admin;

/// <summary>The async projections on Marten's async daemon (HotCold): their registration, the daemon's settings, the supervisor and the readiness check.</summary>
public static class ProjectionDaemonSetup
{
    /// <summary>The service key of the data source Marten (and so its daemon) uses: its sessions name this node.</summary>
    public const string MartenDataSourceKey = "marten";

    /// <summary>
    /// Adds the daemon; call after the migrations' hosted service, so that Marten's coordinator starts on a migrated schema.
    /// Settings: <c>Projections:Node</c>, <c>Projections:PollIntervalSeconds</c>, <c>Projections:FastPollMilliseconds</c>, <c>Projections:LockRetrySeconds</c>,
    /// <c>Projections:StaleSequenceSeconds</c>, <c>Projections:StuckGapSeconds</c>.
    /// </summary>
    public static IServiceCollection AddProjectionDaemon(this IServiceCollection services, IConfiguration config,
        MartenServiceCollectionExtensions.MartenConfigurationExpression marten)
    {
        services.AddSingleton<IAsyncProjection, CaseSearchProjection>();
        var node = new DaemonNode(config["Projections:Node"] ?? DaemonNode.Create().Name);
        services.AddSingleton(node);
        // Marten's own connections carry the node's name: the holder of a projection's lock is found by it.
        services.AddKeyedSingleton(MartenDataSourceKey, (sp, _) => EventStoreDataSource.Create(
            new NpgsqlConnectionStringBuilder(sp.GetRequiredService<DatabaseSettings>().App) { ApplicationName = node.ApplicationName }.ConnectionString));
        marten.AddAsyncDaemon(DaemonMode.HotCold);
        services.AddSingleton(sp => new AsyncProjections(sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<MartenCoordinator>(),
            sp.GetRequiredService<NpgsqlDataSource>(), node, sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService(sp => new ProjectionSupervisor(sp.GetRequiredService<AsyncProjections>(), sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<ILogger<ProjectionSupervisor>>()));
        services.AddHealthChecks().AddCheck<ProjectionsHealthCheck>("projections", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// Registers the projections on a store's options, with the daemon's settings: the same call for the service's store
    /// and the owner's schema apply (<see cref="DatabaseMigration"/>), so the tables created and granted are those run.
    /// </summary>
    public static void AddProjections(StoreOptions opts, IEnumerable<IAsyncProjection> projections, EventTypeRegistry types, IConfiguration? config = null)
    {
        opts.AddAtencionAsync(projections, types);
        DaemonSettings(opts, config);
    }

    /// <summary>
    /// The daemon's settings without the projections: also those of each node's hub feed (<see cref="RealTime.HubFeed"/>),
    /// which must not skip what the projections would not.
    /// </summary>
    public static void DaemonSettings(StoreOptions opts, IConfiguration? config = null)
    {
        // Never skip a gap a live transaction holds (s2 Q4: with evidence off the late event was never projected).
        opts.Projections.UseTransactionEvidenceForGapSkipping = true;
        // A gap with no live transaction behind it (a writer that crashed mid-append; a failed append leaves a tombstone)
        // is skipped this long after it is first seen; the serving role's idle_in_transaction_session_timeout (5 s) bounds
        // how long a live one can hold every projection back.
        opts.Projections.StaleSequenceThreshold = TimeSpan.FromSeconds(config?.GetValue("Projections:StaleSequenceSeconds", 3.0) ?? 3.0);
        // How often a node that runs nothing tries the projections' locks: the failover time after a node dies.
        opts.Projections.LeadershipPollingTime = (int)(1000 * (config?.GetValue("Projections:LockRetrySeconds", 2.0) ?? 2.0));
        // Appends NOTIFY; the daemon polls this often only when no notification comes.
        opts.Events.UseListenNotifyForEventAppends = true;
        opts.Projections.SlowPollingTime = TimeSpan.FromSeconds(config?.GetValue("Projections:PollIntervalSeconds", 1.0) ?? 1.0);
        // While events flow, the high-water mark and the agents poll this often: 100 ms kept the lag's p99 at 0.3 s under
        // 300 appends/s where Marten's default gave 1.0 s (docs/benchmarks.md, l1/l2; issue 14's goal is 0.5 s).
        opts.Projections.FastPollingTime = TimeSpan.FromMilliseconds(config?.GetValue("Projections:FastPollMilliseconds", 100) ?? 100);
    }
}
