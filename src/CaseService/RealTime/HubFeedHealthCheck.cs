using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Atencion.CaseService.RealTime;

/// <summary>
/// Unhealthy while this node's hub feed is not running (its hub clients hear nothing); degraded while it is behind by
/// events older than <c>HubFeed:LagToleranceSeconds</c> (10 s) or a push failed in the last minute; reports its lag.
/// </summary>
/// <remarks>
/// The lag is counted up to the log's high-water mark (Marten's <c>HighWaterMark</c> row): events above it wait for a
/// transaction still open, which the projections' check reports (a stuck gap holds every reader of the log).
/// </remarks>
public sealed class HubFeedHealthCheck(HubFeed feed, NpgsqlDataSource db, IConfiguration config, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (feed.Subscription is not { } subscription || !feed.Running)
            return HealthCheckResult.Unhealthy($"The hub feed {feed.Name} is not running: this node's hub clients receive nothing.");
        long pending;
        DateTimeOffset? oldest;
        try
        {
            await using var cmd = db.CreateCommand($"""
                select count(*), min(e.timestamp) from {feed.Schema}.mt_events e
                where e.seq_id > coalesce((select last_seq_id from {feed.Schema}.mt_event_progression where name = $1), 0)
                  and e.seq_id <= (select last_seq_id from {feed.Schema}.mt_event_progression where name = 'HighWaterMark')
                """);
            cmd.Parameters.AddWithValue(feed.ShardName);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            (pending, oldest) = (r.GetInt64(0), r.IsDBNull(1) ? null : r.GetFieldValue<DateTimeOffset>(1));
        }
        catch (NpgsqlException e) { return HealthCheckResult.Unhealthy("The hub feed's progress cannot be read.", e); }
        var now = time.GetUtcNow();
        var lag = oldest is { } o ? now - o : TimeSpan.Zero;
        var data = new Dictionary<string, object>
        {
            ["name"] = feed.Name,
            ["lastPushedSeq"] = subscription.LastPushedSeq,
            ["lagEvents"] = pending,
            ["lagSeconds"] = Math.Max(0, Math.Round(lag.TotalSeconds, 1)),
        };
        if (subscription.LastFailure is { } failure)
        {
            data["lastFailure"] = $"event {failure.Seq} at {failure.At:O}: {failure.Error}";
            if (now - failure.At < TimeSpan.FromMinutes(1))
                return HealthCheckResult.Degraded($"The hub feed failed to push event {failure.Seq}: {failure.Error}", data: data);
        }
        var tolerance = TimeSpan.FromSeconds(config.GetValue("HubFeed:LagToleranceSeconds", 10.0));
        return lag > tolerance
            ? HealthCheckResult.Degraded($"The hub feed is {pending} events behind; the oldest waits for {lag.TotalSeconds:0} s.", data: data)
            : HealthCheckResult.Healthy($"The hub feed is {pending} events behind.", data);
    }
}
