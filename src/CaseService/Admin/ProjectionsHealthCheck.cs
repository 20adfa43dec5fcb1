using Atencion.Projections.Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Atencion.CaseService.Admin;

/// <summary>
/// Unhealthy while an async projection is faulted (naming it, its event and its error); degraded while Marten's high-water
/// mark is held by a gap longer than <c>Projections:StuckGapSeconds</c> (30 s) and shows the last gap Marten skipped; reports
/// every projection's lag.
/// </summary>
public sealed class ProjectionsHealthCheck(AsyncProjections daemon, NpgsqlDataSource db, IConfiguration config, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        IReadOnlyList<ProjectionStatus> all;
        Gaps gaps;
        try
        {
            all = await daemon.StatusAsync(ct);
            gaps = await GapsAsync(ct);
        }
        catch (NpgsqlException e) { return HealthCheckResult.Unhealthy("The projections' state cannot be read.", e); }
        var data = all.ToDictionary(p => p.Name, p => (object)new { state = p.State, lagEvents = p.LagEvents, lagSeconds = p.LagSeconds });
        var faulted = all.Where(p => p.State == "faulted").ToList();
        if (faulted.Count > 0)
            return HealthCheckResult.Unhealthy(string.Join("; ", faulted.Select(f => $"projection {f.Name} is faulted at event {f.ErrorSeq} ({f.ErrorEventType}): {f.LastError}")), data: data);
        var stuckFor = TimeSpan.FromSeconds(config.GetValue("Projections:StuckGapSeconds", 30.0));
        if (gaps.StuckSince is { } since && time.GetUtcNow() - since > stuckFor)
            return HealthCheckResult.Degraded($"The event log's high-water mark is held at {gaps.HighWaterMark} by a gap since {since:O} (an open transaction): every async projection waits.", data: data);
        // A skipped gap had no live transaction behind it (a writer that died mid-append, a transaction of ours that rolled
        // back after Marten's insert): no event was lost, but it is shown.
        if (gaps.LastSkip is { } skip) data["lastSkippedGap"] = skip;
        return HealthCheckResult.Healthy($"{all.Count} projections, none faulted.", data);
    }

    private sealed record Gaps(long HighWaterMark, DateTimeOffset? StuckSince, string? LastSkip);

    /// <summary>
    /// Marten never clears <c>HighWaterStuckGap</c>: the gap is stuck now when that row names the current mark and the log
    /// has events above it (s2 Q3). Skips are the rows of <c>mt_high_water_skips</c>.
    /// </summary>
    private async Task<Gaps> GapsAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            select (select last_seq_id from {daemon.EventSchema}.mt_event_progression where name = 'HighWaterMark'),
                   (select g.last_updated from {daemon.EventSchema}.mt_event_progression g, {daemon.EventSchema}.mt_event_progression m
                    where g.name = 'HighWaterStuckGap' and m.name = 'HighWaterMark' and g.last_seq_id = m.last_seq_id
                      and exists (select 1 from {daemon.EventSchema}.mt_events e where e.seq_id > m.last_seq_id)),
                   (select format('(%s, %s] at %s', s.starting_sequence, s.ending_sequence, s.timestamp) from {daemon.EventSchema}.mt_high_water_skips s order by s.ending_sequence desc limit 1)
            """);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new Gaps(r.IsDBNull(0) ? 0 : r.GetInt64(0), r.IsDBNull(1) ? null : r.GetFieldValue<DateTimeOffset>(1), r.IsDBNull(2) ? null : r.GetString(2));
    }
}
