using System.Collections.Concurrent;

namespace Atencion.CaseService.Jobs;

/// <summary>What this node's sweeps did lately: when each last ran, how often, what it acted on, its last error.</summary>
public sealed class JobRuns(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SweepRun> runs = new();

    /// <summary>A run's start, in real time: when the scheduler actually ran it, whatever the service's clock says.</summary>
    public static DateTimeOffset Started() => TimeProvider.System.GetUtcNow();

    /// <summary>Records a finished run.</summary>
    public void Finished(string sweep, DateTimeOffset started, int acted, string? error)
    {
        runs.AddOrUpdate(sweep,
            _ => new SweepRun(sweep, 1, started, time.GetUtcNow(), acted, acted, error),
            (_, r) => new SweepRun(sweep, r.Runs + 1, started, time.GetUtcNow(), acted, r.TotalActions + acted, error));
    }

    /// <summary>The last run of each sweep on this node.</summary>
    public IReadOnlyList<SweepRun> All => runs.Values.OrderBy(r => r.Sweep, StringComparer.Ordinal).ToList();

    /// <summary>How many times a sweep finished on this node.</summary>
    public long Count(string sweep) => runs.TryGetValue(sweep, out var r) ? r.Runs : 0;
}

/// <summary>A sweep's record on this node.</summary>
/// <param name="Sweep">The sweep's name.</param>
/// <param name="Runs">Runs finished since start-up.</param>
/// <param name="LastStartedAt">When the last run started (real time).</param>
/// <param name="LastFinishedClock">The service's clock when it finished.</param>
/// <param name="LastActions">Actions the last run took.</param>
/// <param name="TotalActions">Actions since start-up.</param>
/// <param name="LastError">The last run's error, if it failed.</param>
public sealed record SweepRun(string Sweep, long Runs, DateTimeOffset LastStartedAt, DateTimeOffset LastFinishedClock, int LastActions, long TotalActions, string? LastError);
