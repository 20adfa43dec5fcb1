using Atencion.EventStore.Feed;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Atencion.CaseService.Hosting;

/// <summary>Degraded when the feed is held back: a transaction left open keeps newer events from every subscriber.</summary>
public sealed class FeedHealthCheck(NpgsqlDataSource dataSource, TimeProvider time) : IHealthCheck
{
    /// <summary>How long events may wait behind the horizon before readiness reports it.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(30);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        FeedHealth feed;
        try { feed = await FeedHealth.ReadAsync(dataSource, ct); }
        catch (NpgsqlException e) { return HealthCheckResult.Unhealthy("The feed cannot be read.", e); }
        var lag = feed.OldestHeldBackAt is { } oldest ? time.GetUtcNow() - oldest : TimeSpan.Zero;
        var data = new Dictionary<string, object>
        {
            ["heldBackEvents"] = feed.HeldBack,
            ["heldBackSeconds"] = Math.Max(0, Math.Round(lag.TotalSeconds, 1)),
        };
        foreach (var (name, sub) in feed.Subscriptions)
            data[$"subscription:{name}"] = new { lagEvents = sub.Events, lagSeconds = sub.OldestPendingRecordedAt is { } o ? Math.Round((time.GetUtcNow() - o).TotalSeconds, 1) : 0 };
        return lag > Tolerance
            ? HealthCheckResult.Degraded($"{feed.HeldBack} events have waited {lag.TotalSeconds:0} s behind a transaction that is still open.", data: data)
            : HealthCheckResult.Healthy($"{feed.HeldBack} events behind the horizon.", data);
    }
}
