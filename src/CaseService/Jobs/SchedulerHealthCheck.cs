using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Atencion.CaseService.Jobs;

/// <summary>
/// The sweeps' schedule for <c>/health/ready</c>: each sweep's recurring job with its last and next execution. Degraded
/// when a sweep is not scheduled, the cluster let it fall overdue (no server fired it, or a run of it has been going past
/// its tolerance), or its last run failed. Hangfire's servers and heartbeats are the <c>hangfire</c> check beside it.
/// </summary>
/// <remarks>
/// Everything here comes from the shared storage, so "overdue" and "failed" speak for the cluster, not just this node.
/// Hangfire runs on the real clock, so that is the clock compared here (the service's own clock only decides what a
/// sweep finds due).
/// </remarks>
public sealed class SchedulerHealthCheck(JobSettings settings, JobRuns runs, JobStorage storage, Npgsql.NpgsqlDataSource db) : IHealthCheck
{
    /// <summary>How long past its next firing a sweep may stay unfired before readiness reports it: two intervals and 5 s (a run may be long, a node may be taking over).</summary>
    public static TimeSpan Tolerance(TimeSpan interval) => interval * 2 + TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!settings.Enabled)
            return HealthCheckResult.Healthy("The scheduler is disabled on this node (Jobs:Enabled=false); other nodes run the sweeps.",
                new Dictionary<string, object> { ["enabled"] = false });

        var (recurring, errors) = await Task.Run(() => Read(storage), ct);
        var running = await RunningAsync(ct);
        var data = new Dictionary<string, object> { ["enabled"] = true };
        var problems = new List<string>();
        var now = DateTime.UtcNow;
        var lastRuns = runs.All.ToDictionary(r => r.Sweep, StringComparer.Ordinal);
        foreach (var (name, interval) in settings.Intervals)
        {
            var job = recurring.GetValueOrDefault(name);
            lastRuns.TryGetValue(name, out var lastRun);
            var runningFor = running.TryGetValue(name, out var age) ? age : (TimeSpan?)null;
            var lastError = job?.LastJobId is { } id ? errors.GetValueOrDefault(id) : null;
            data[$"sweep:{name}"] = new
            {
                intervalSeconds = interval.TotalSeconds,
                cron = job?.Cron,
                lastExecution = Utc(job?.LastExecution),
                lastJobState = job?.LastJobState?.ToLowerInvariant(),
                nextExecution = Utc(job?.NextExecution),
                runningSince = runningFor is { } r ? DateTimeOffset.UtcNow - r : (DateTimeOffset?)null,
                lastRunHere = lastRun?.LastStartedAt,
                lastError,
            };
            if (job is null || job.Removed) problems.Add($"{name} is not scheduled");
            else if (job.Error is { Length: > 0 } error) problems.Add($"{name}'s recurring job is in error: {error}");
            else if (runningFor is { } going && going > interval + Tolerance(interval))
                problems.Add($"{name} is {(going - interval).TotalSeconds:0} s overdue: a run started {going.TotalSeconds:0} s ago is still going");
            else if (job.NextExecution is { } due && now - due > Tolerance(interval)) problems.Add($"{name} is {(now - due).TotalSeconds:0} s overdue");
            if (job?.LastJobState == "Failed") problems.Add($"{name}'s last run failed: {lastError ?? "see the dashboard"}");
        }
        return problems.Count == 0
            ? HealthCheckResult.Healthy($"The scheduler is running; {settings.Intervals.Count} sweeps on schedule.", data)
            : HealthCheckResult.Degraded(string.Join("; ", problems) + ".", data: data);
    }

    // The recurring jobs and the errors of the last jobs that failed, from Hangfire's storage.
    private static (Dictionary<string, RecurringJobDto>, Dictionary<string, string>) Read(JobStorage storage)
    {
        using var connection = storage.GetConnection();
        var recurring = connection.GetRecurringJobs().ToDictionary(j => j.Id, StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var job in recurring.Values.Where(j => j.LastJobState == "Failed" && j.LastJobId is not null))
            if (connection.GetStateData(job.LastJobId)?.Data is { } state && state.TryGetValue("ExceptionMessage", out var message))
                errors[job.LastJobId] = message;
        return (recurring, errors);
    }

    /// <summary>How long each sweep's run in progress has been going, anywhere in the cluster: the age of the session holding its advisory lock (<see cref="SweepJob"/>), which took the lock as its last statement.</summary>
    /// <remarks>Read from PostgreSQL rather than Hangfire's processing list: a run whose node died holds no lock (its
    /// connection went), while its Hangfire job stays "processing" until the invisibility timeout requeues it.</remarks>
    internal const string RunningSql = """
        select l.objid::bigint, extract(epoch from now() - a.query_start)::float8
        from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'advisory' and l.granted and l.objsubid = 2 and l.classid = @class
          and l.database = (select oid from pg_database where datname = current_database())
        """;

    private async Task<Dictionary<string, TimeSpan>> RunningAsync(CancellationToken ct)
    {
        var byKey = settings.Intervals.Keys.ToDictionary(n => (long)(uint)SweepJob.LockKey(n));
        var running = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        await using var cmd = db.CreateCommand(RunningSql);
        cmd.Parameters.AddWithValue("class", (long)SweepJob.LockClass);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            if (byKey.TryGetValue(r.GetInt64(0), out var sweep) && !r.IsDBNull(1))
                running[sweep] = TimeSpan.FromSeconds(r.GetDouble(1));
        return running;
    }

    private static DateTimeOffset? Utc(DateTime? t) => t is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
}
