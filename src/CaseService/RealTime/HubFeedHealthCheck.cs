using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Atencion.CaseService.RealTime;

/// <summary>
/// Readiness of this node's hub feed (check <c>feed</c>): unhealthy while its subscription is not running (this node's hub
/// clients hear nothing); degraded while committed events have waited more than 30 s behind the log's high-water mark (a
/// transaction left open holds a gap), while the feed is behind the mark by events older than
/// <c>HubFeed:LagToleranceSeconds</c> (10 s), or when a push failed in the last minute.
/// </summary>
/// <remarks>
/// The mark is Marten's <c>HighWaterMark</c> row, which every daemon of the database keeps (the projections' and each node's
/// hub feed's): events above it wait for the gap below them to be filled or found dead.
/// </remarks>
public sealed class HubFeedHealthCheck(HubFeed feed, NpgsqlDataSource db, IConfiguration config, TimeProvider time) : IHealthCheck
{
    /// <summary>How long events may wait behind the high-water mark before readiness reports it.</summary>
    public static readonly TimeSpan HeldBackTolerance = TimeSpan.FromSeconds(30);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (feed.Subscription is not { } subscription || !feed.Running)
            return HealthCheckResult.Unhealthy($"The hub feed {feed.Name} is not running: this node's hub clients receive nothing.");
        long pending, held;
        DateTimeOffset? oldestPending, oldestHeld;
        try
        {
            await using var cmd = db.CreateCommand($"""
                with mark as (select coalesce((select last_seq_id from {feed.Schema}.mt_event_progression where name = 'HighWaterMark'), 0) as seq),
                     done as (select coalesce((select last_seq_id from {feed.Schema}.mt_event_progression where name = $1), mark.seq) as seq from mark)
                select count(*) filter (where e.seq_id <= mark.seq), min(e.timestamp) filter (where e.seq_id <= mark.seq),
                       count(*) filter (where e.seq_id > greatest(mark.seq, done.seq)), min(e.timestamp) filter (where e.seq_id > greatest(mark.seq, done.seq))
                from {feed.Schema}.mt_events e, mark, done
                where e.seq_id > least(mark.seq, done.seq) and e.type <> 'tombstone'
                """);
            cmd.Parameters.AddWithValue(feed.ShardName);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            (pending, oldestPending) = (r.GetInt64(0), r.IsDBNull(1) ? null : r.GetFieldValue<DateTimeOffset>(1));
            (held, oldestHeld) = (r.GetInt64(2), r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3));
        }
        catch (NpgsqlException e) { return HealthCheckResult.Unhealthy("The hub feed's progress cannot be read.", e); }
        var now = time.GetUtcNow();
        var lag = oldestPending is { } p ? now - p : TimeSpan.Zero;
        var heldFor = oldestHeld is { } h ? now - h : TimeSpan.Zero;
        var data = new Dictionary<string, object>
        {
            ["subscription"] = feed.Name,
            ["lastPushedSeq"] = subscription.LastPushedSeq,
            ["lagEvents"] = pending,
            ["lagSeconds"] = Math.Max(0, Math.Round(lag.TotalSeconds, 1)),
            ["heldBackEvents"] = held,
            ["heldBackSeconds"] = Math.Max(0, Math.Round(heldFor.TotalSeconds, 1)),
        };
        if (heldFor > HeldBackTolerance)
            return HealthCheckResult.Degraded($"{held} events have waited {heldFor.TotalSeconds:0} s behind a transaction that is still open.", data: data);
        if (subscription.LastFailure is { } failure)
        {
            data["lastFailure"] = $"event {failure.Seq} at {failure.At:O}: {failure.Error}";
            if (now - failure.At < TimeSpan.FromMinutes(1))
                return HealthCheckResult.Degraded($"The hub feed failed to push event {failure.Seq}: {failure.Error}", data: data);
        }
        var tolerance = TimeSpan.FromSeconds(config.GetValue("HubFeed:LagToleranceSeconds", 10.0));
        return lag > tolerance
            ? HealthCheckResult.Degraded($"The hub feed is {pending} events behind; the oldest has waited {lag.TotalSeconds:0} s.", data: data)
            : HealthCheckResult.Healthy($"The hub feed is {pending} events behind, {held} wait behind the high-water mark.", data);
    }
}
