using System.Collections.Concurrent;
using Atencion.EventStore;
using Atencion.Projections.Daemon;

namespace Atencion.CaseService.Tests.Reports;

/// <summary>
/// Lets a test stop the daemon in the middle of a live batch: while armed, the next live batch of each gated projection
/// writes its first half (rows and the moved checkpoint sit in the batch's uncommitted transaction), reports the batch's
/// backend process id, and then waits until the host stops — so the test can kill that session mid-batch.
/// </summary>
public sealed class BatchGate
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<HeldBatch>> _held = new();
    private volatile bool _armed;

    /// <summary>Whether the next live batches are held.</summary>
    public bool Armed => _armed;

    /// <summary>Holds the next live batch of each gated projection.</summary>
    public void Arm()
    {
        _held.Clear();
        _armed = true;
    }

    /// <summary>Lets batches through again (batches already held stay held until their host stops).</summary>
    public void Disarm() => _armed = false;

    /// <summary>The batch held for a projection, once it is held (within 30 s unless told otherwise).</summary>
    public Task<HeldBatch> HeldAsync(string projection, TimeSpan? within = null) => Source(projection).Task.WaitAsync(within ?? TimeSpan.FromSeconds(30));

    /// <summary>Called by a gated projection inside the batch's transaction; false when the batch was not the one to hold.</summary>
    internal bool TryHold(string projection, HeldBatch batch) => _armed && Source(projection).TrySetResult(batch);

    private TaskCompletionSource<HeldBatch> Source(string projection) =>
        _held.GetOrAdd(projection, _ => new TaskCompletionSource<HeldBatch>(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>A held batch: the backend running its transaction, and the seqs it holds (those written so far and the rest).</summary>
public sealed record HeldBatch(int BackendPid, IReadOnlyList<long> Written, IReadOnlyList<long> NotWritten);

/// <summary>A registered projection, unchanged unless its <see cref="BatchGate"/> is armed (then see <see cref="BatchGate"/>).</summary>
/// <param name="inner">The projection.</param>
/// <param name="gate">The gate.</param>
/// <param name="fromSeq">While armed, only a batch reaching this seq is held (the ones before pass): a kill well into the log.</param>
public sealed class GatedProjection(IAsyncProjection inner, BatchGate gate, long fromSeq = 0) : IAsyncProjection
{
    public string Name => inner.Name;

    public string CreateTablesSql(string schema) => inner.CreateTablesSql(schema);

    public async Task ApplyAsync(IReadOnlyList<RecordedEvent> events, ProjectionWrite write, CancellationToken ct)
    {
        if (!gate.Armed || write.Schema != $"proj_{Name}" || events[^1].Seq < fromSeq)
        {
            await inner.ApplyAsync(events, write, ct);
            return;
        }
        var half = (events.Count + 1) / 2;
        await inner.ApplyAsync(events.Take(half).ToList(), write, ct);
        await using var cmd = write.Command("select pg_backend_pid()");
        var pid = (int)(await cmd.ExecuteScalarAsync(ct))!;
        if (gate.TryHold(Name, new HeldBatch(pid, events.Take(half).Select(e => e.Seq).ToList(), events.Skip(half).Select(e => e.Seq).ToList())))
            await Task.Delay(Timeout.Infinite, ct); // until the host stops; its session is killed meanwhile
        await inner.ApplyAsync(events.Skip(half).ToList(), write, ct);
    }
}
