using Atencion.CaseService.Admin;
using Atencion.CaseService.Hosting;
using Atencion.EventStore.Marten;
using Atencion.Projections.Marten;
using JasperFx;
using JasperFx.Events.Daemon;
using Marten;
using Npgsql;

namespace Atencion.CaseService.RealTime;

/// <summary>
/// Runs this node's <see cref="HubSubscription"/> on a Marten daemon of its own, in solo mode, so that every node pushes to
/// its own hub clients (there is no SignalR backplane).
/// </summary>
/// <remarks>
/// The async projections run on the service store's daemon in HotCold mode, one node each; a subscription registered
/// there would run on one node only. So this is a second <see cref="DocumentStore"/> over the same schema and role
/// (<c>AutoCreate.None</c>, the owner applies the schema), with no projection but the subscription and the same daemon
/// settings (transaction evidence, NOTIFY wake-up, polling). Its progress row in <c>mt_event_progression</c> is named for
/// the node (<c>Projections:Node</c>), so nodes never fence each other; it is rewound to the high-water mark whenever the
/// agent starts and deleted when the node stops.
/// </remarks>
public sealed class HubFeed(DaemonNode node, DatabaseSettings database, MartenSettings settings, IEnumerable<IHubPusher> pushers,
    IConfiguration config, ILoggerFactory logs, TimeProvider time) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _log = logs.CreateLogger<HubFeed>();
    private NpgsqlDataSource? _dataSource;
    private DocumentStore? _store;
    private IProjectionDaemon? _daemon;

    /// <summary>The subscription's name: <c>hub_</c> and the node's name in letters, digits and underscores.</summary>
    public string Name { get; } = "hub_" + new string([.. node.Name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);

    /// <summary>The row of its progress in <c>mt_event_progression</c>.</summary>
    public string ShardName => $"{Name}:All";

    /// <summary>The schema of the event tables.</summary>
    public string Schema => settings.SchemaName;

    /// <summary>The running subscription (null before the node started).</summary>
    public HubSubscription? Subscription { get; private set; }

    /// <summary>Whether the daemon's agent for the subscription is running (false before start, after a stop or a pause).</summary>
    public bool Running => _daemon?.CurrentAgents().Any(a => a.Status == AgentStatus.Running) ?? false;

    public async Task StartAsync(CancellationToken ct)
    {
        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database.App) { ApplicationName = "atencion-hub:" + node.Name }.ConnectionString);
        Subscription = new HubSubscription(Name, pushers, settings.Types, logs.CreateLogger<HubSubscription>(), time);
        _store = DocumentStore.For(opts =>
        {
            opts.Connection(_dataSource);
            AtencionMarten.Configure(opts, settings);
            ProjectionDaemonSetup.DaemonSettings(opts, config);
            opts.Projections.Subscribe(Subscription);
        });
        _daemon = await _store.BuildProjectionDaemonAsync(logger: _log);
        // Awaited: once the host has started, the agent stands at the present, so a client told "joined" misses nothing.
        await _daemon.StartAllAsync();
        _log.LogInformation("Hub feed {Name} started.", Name);
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (_daemon is null) return;
        await _daemon.StopAllAsync();
        try
        {
            // Its next start begins at the present anyway; a node named afresh at each start leaves no row behind.
            await using var cmd = _dataSource!.CreateCommand($"delete from {Schema}.mt_event_progression where name = $1");
            cmd.Parameters.AddWithValue(ShardName);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        catch (NpgsqlException e) { _log.LogWarning(e, "The hub feed's progress row {Name} was not removed.", ShardName); }
    }

    public async ValueTask DisposeAsync()
    {
        _daemon?.Dispose();
        _daemon = null;
        if (_store is not null) await _store.DisposeAsync();
        if (_dataSource is not null) await _dataSource.DisposeAsync();
    }
}
