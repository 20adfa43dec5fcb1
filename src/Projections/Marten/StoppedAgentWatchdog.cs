using JasperFx;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MartenCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace Atencion.Projections.Marten;

/// <summary>Restarts the async daemon's agents that Marten leaves <c>Stopped</c>.</summary>
/// <remarks>
/// Marten's coordinator restarts agents that are missing or paused, not stopped ones, and two things stop an agent for
/// good: a rebuild (the agent stays stopped after <c>RebuildProjectionAsync</c>) and a progress update fenced after a lost
/// lock (<c>ProgressionProgressOutOfOrderException</c>). Both stalled a projection for the rest of the s2 runs; restarting
/// every 5 s fixed both. An agent restarted on a node that no longer holds its lock writes at most one fenced batch, which
/// rolls back, before that node's coordinator stops it again (s2 Q5).
/// </remarks>
public static class StoppedAgents
{
    /// <summary>Starts every agent of the daemon whose status is <c>Stopped</c>; returns the shards it restarted.</summary>
    public static async Task<IReadOnlyList<string>> RestartAsync(IProjectionDaemon daemon, ILogger log, CancellationToken ct)
    {
        var restarted = new List<string>();
        foreach (var agent in daemon.CurrentAgents().Where(a => a.Status == AgentStatus.Stopped).ToList())
        {
            var shard = agent.Name.Identity;
            try
            {
                await daemon.StartAgentAsync(shard, ct);
                restarted.Add(shard);
                log.LogWarning("Async projection shard {Shard} was stopped; restarted it", shard);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Async projection shard {Shard} is stopped and did not restart; trying again later", shard);
            }
        }
        return restarted;
    }
}

/// <summary>Runs <see cref="StoppedAgents.RestartAsync"/> on the main database's daemon every <paramref name="interval"/> (5 s by default).</summary>
public sealed class StoppedAgentWatchdog(MartenCoordinator coordinator, ILogger<StoppedAgentWatchdog> log, TimeSpan? interval = null) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval ?? TimeSpan.FromSeconds(5));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await StoppedAgents.RestartAsync(coordinator.DaemonForMainDatabase(), log, stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogError(e, "The stopped-agent watchdog failed a round; it tries again"); }
        }
    }
}
