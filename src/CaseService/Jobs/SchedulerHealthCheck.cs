using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace Atencion.CaseService.Jobs;

/// <summary>
/// The sweeps' state for <c>/health/ready</c>: degraded when a sweep is paused, its trigger is in error, the cluster has
/// let it fall overdue, or its last run here failed. The scheduler itself (running, its store reachable, this node still
/// checking in to the cluster, nothing stalled) is Quartz's own check, registered beside this one as <c>quartz</c>.
/// </summary>
/// <remarks>
/// Trigger times come from the clustered job store, so "overdue" means no node of the cluster fired the sweep, not
/// just this one. Quartz runs on the real clock, so that is the clock compared here (the service's own clock only
/// decides what a sweep finds due).
/// </remarks>
public sealed class SchedulerHealthCheck(JobSettings settings, JobRuns runs, IServiceProvider services) : IHealthCheck
{
    /// <summary>How long past its next firing a sweep may stay unfired before readiness reports it: two intervals and 5 s (a run may be long, a node may be taking over).</summary>
    public static TimeSpan Tolerance(TimeSpan interval) => interval * 2 + TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!settings.Enabled)
            return HealthCheckResult.Healthy("The scheduler is disabled on this node (Jobs:Enabled=false); other nodes run the sweeps.",
                new Dictionary<string, object> { ["enabled"] = false });

        var factory = services.GetKeyedService<ISchedulerFactory>(AtencionJobs.SchedulerName);
        var scheduler = factory is null ? null : await factory.LookupScheduler(AtencionJobs.SchedulerName, ct);
        if (scheduler is null) return HealthCheckResult.Unhealthy("The scheduler is not running on this node (not started yet, or shut down).");

        var state = await scheduler.GetStatus(ct);
        var data = new Dictionary<string, object>
        {
            ["enabled"] = true,
            ["state"] = state.ToString().ToLowerInvariant(),
            ["instanceId"] = await scheduler.GetSchedulerInstanceId(ct),
        };
        if (state != SchedulerStatus.Running)
            return HealthCheckResult.Degraded($"The scheduler is {state.ToString().ToLowerInvariant()} on this node: other nodes may run the sweeps (see the quartz check).", data: data);

        var problems = new List<string>();
        var now = TimeProvider.System.GetUtcNow();
        var lastRuns = runs.All.ToDictionary(r => r.Sweep, StringComparer.Ordinal);
        foreach (var (name, interval) in settings.Intervals)
        {
            var key = new TriggerKey(name);
            var trigger = await scheduler.GetTrigger(key, ct);
            var triggerState = await scheduler.GetTriggerState(key, ct);
            var next = trigger?.NextFireTimeUtc;
            lastRuns.TryGetValue(name, out var lastRun);
            data[$"sweep:{name}"] = new
            {
                intervalSeconds = interval.TotalSeconds,
                trigger = triggerState.ToString().ToLowerInvariant(),
                previousFireAt = trigger?.PreviousFireTimeUtc,
                nextFireAt = next,
                lastRunHere = lastRun?.LastStartedAt,
                lastError = lastRun?.LastError,
            };
            if (trigger is null || triggerState is TriggerState.None or TriggerState.Complete) problems.Add($"{name} is not scheduled");
            else if (triggerState == TriggerState.Paused) problems.Add($"{name} is paused");
            else if (triggerState == TriggerState.Error) problems.Add($"{name}'s trigger is in error");
            else if (next is { } due && now - due > Tolerance(interval)) problems.Add($"{name} is {(now - due).TotalSeconds:0} s overdue");
            if (lastRun?.LastError is { } error) problems.Add($"{name}'s last run here failed: {error}");
        }
        return problems.Count == 0
            ? HealthCheckResult.Healthy($"The scheduler is running; {settings.Intervals.Count} sweeps on schedule.", data)
            : HealthCheckResult.Degraded(string.Join("; ", problems) + ".", data: data);
    }
}
