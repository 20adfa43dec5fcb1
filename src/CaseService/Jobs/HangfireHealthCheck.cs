using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Atencion.CaseService.Jobs;

/// <summary>The name this node's Hangfire server announces itself under (Hangfire appends an id of its own).</summary>
public sealed record HangfireNode(string ServerName)
{
    /// <summary>A name unique to this process: the machine, the process id and a random suffix (two test hosts share a process).</summary>
    public static HangfireNode Create() => new($"{Environment.MachineName.ToLowerInvariant()}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}");

    /// <summary>How often the server writes its heartbeat.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    /// <summary>After this long without a heartbeat another server removes a server from the storage (its jobs go back to the queue).</summary>
    public static readonly TimeSpan ServerTimeout = TimeSpan.FromMinutes(1);

    /// <summary>A heartbeat older than this means the server is not beating: three intervals.</summary>
    public static readonly TimeSpan HeartbeatTolerance = HeartbeatInterval * 3;
}

/// <summary>
/// Hangfire itself for <c>/health/ready</c>: the servers sharing the storage with their heartbeats, and the failed jobs.
/// Unhealthy when the storage cannot be read; degraded when this node should run a server and it is not announced
/// or its heartbeat is stale. The sweeps' schedule is the <c>scheduler</c> check (<see cref="SchedulerHealthCheck"/>).
/// </summary>
public sealed class HangfireHealthCheck(JobStorage storage, JobSettings settings, HangfireNode node) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        // Hangfire's monitoring API is synchronous.
        var (servers, failed, processing) = await Task.Run(() =>
        {
            var monitor = storage.GetMonitoringApi();
            return (monitor.Servers(), monitor.FailedCount(), monitor.ProcessingCount());
        }, ct);
        var now = DateTime.UtcNow; // Hangfire's clock: heartbeats are written on the real one.
        var data = new Dictionary<string, object>
        {
            ["servers"] = servers.Select(s => new
            {
                name = s.Name,
                workers = s.WorkersCount,
                startedAt = Utc(s.StartedAt),
                heartbeat = s.Heartbeat is { } h ? Utc(h) : (DateTimeOffset?)null,
                heartbeatAgeSeconds = s.Heartbeat is { } b ? Math.Round((now - b).TotalSeconds, 1) : (double?)null,
                thisNode = s.Name.StartsWith(node.ServerName + ":", StringComparison.Ordinal),
            }).ToList(),
            ["failedJobs"] = failed,
            ["processingJobs"] = processing,
        };
        var failures = failed == 0 ? "" : $" {failed} failed jobs are kept for the operator (dashboard /hangfire).";
        if (!settings.Enabled)
            return HealthCheckResult.Healthy($"No Hangfire server on this node (Jobs:Enabled=false); {servers.Count} in the cluster.{failures}", data);
        var mine = servers.FirstOrDefault(s => s.Name.StartsWith(node.ServerName + ":", StringComparison.Ordinal));
        if (mine is null)
            return HealthCheckResult.Degraded($"This node's Hangfire server is not announced (starting, stopped, or timed out); {servers.Count} in the cluster.{failures}", data: data);
        if (mine.Heartbeat is not { } beat || now - beat > HangfireNode.HeartbeatTolerance)
            return HealthCheckResult.Degraded($"This node's Hangfire server has not beaten for {(now - (mine.Heartbeat ?? mine.StartedAt)).TotalSeconds:0} s.{failures}", data: data);
        return HealthCheckResult.Healthy($"This node's Hangfire server is beating; {servers.Count} in the cluster.{failures}", data);
    }

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
}
