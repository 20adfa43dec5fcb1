using Quartz;

namespace Atencion.CaseService.Jobs;

/// <summary>The Quartz job that runs one <see cref="ISweep"/>, named in its job data; the cluster runs it on one node at a time.</summary>
[DisallowConcurrentExecution]
public sealed class SweepJob(IEnumerable<ISweep> sweeps, JobRuns runs, ILogger<SweepJob> log) : IJob
{
    /// <summary>The job data key naming the sweep.</summary>
    public const string SweepKey = "sweep";

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var name = context.MergedJobDataMap.GetString(SweepKey);
        var sweep = sweeps.SingleOrDefault(s => s.Name == name)
            ?? throw new JobExecutionException($"There is no sweep '{name}'.");
        var started = JobRuns.Started();
        try
        {
            var acted = await sweep.RunAsync(cancellationToken);
            runs.Finished(name!, started, acted, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Logged and recorded, not rethrown: the next firing tries again, and a failing trigger is not parked.
            log.LogError(e, "Sweep {Sweep} failed", name);
            runs.Finished(name!, started, 0, e.Message);
        }
    }
}
