namespace Atencion.CaseService.Jobs;

/// <summary>A unit of scheduled work: looks at what fell due by the service's clock and acts on it, idempotently.</summary>
/// <remarks>
/// A sweep decides from the current state of the log (not from what the scheduler remembers), so running it twice, on
/// two nodes, or late after a restart acts once: every action is a command appended with an expected version whose
/// decision finds nothing left to do the second time.
/// </remarks>
public interface ISweep
{
    /// <summary>The sweep's name: its Hangfire recurring job id and its entry in <c>GET jobs/upcoming</c>.</summary>
    string Name { get; }

    /// <summary>Does what is due now; returns how many actions it took (events appended or rows changed).</summary>
    Task<int> RunAsync(CancellationToken ct);
}
