using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Atencion.EventStore.Marten.HashChain;

/// <summary>An inline projection that folds every touched stream into the hash chain, in the append's transaction.</summary>
/// <remarks>Inline, it runs on every <c>SaveChangesAsync</c> path, ours or a framework's; a wrapper on our own transaction missed plain sessions (s3 §2).</remarks>
public sealed class HashChainProjection(ChainFold fold) : IProjection
{
    /// <summary>Queues one fold per (tenant, stream) among the events; its rows go to the <see cref="ChainFoldSink"/> open around the save, if any.</summary>
    /// <remarks>
    /// A stream with one event in a save that has a sink open (our append, which checks that it gets that one row back)
    /// is folded by the statement for one event; any other save by the general fold, which also hashes whatever else
    /// lies above the head.
    /// </remarks>
    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var sink = ChainFoldSink.Current;
        if (events.Count == 1)
        {
            operations.QueueOperation(new ChainFoldOperation(fold, events[0].TenantId, events[0].StreamId, sink, single: sink is not null));
            return Task.CompletedTask;
        }
        foreach (var stream in events.GroupBy(e => (e.TenantId, e.StreamId)))
            operations.QueueOperation(new ChainFoldOperation(fold, stream.Key.TenantId, stream.Key.StreamId, sink,
                single: sink is not null && stream.Count() == 1));
        return Task.CompletedTask;
    }
}
