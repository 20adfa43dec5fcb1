using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Atencion.EventStore.Marten.HashChain;

/// <summary>An inline projection that folds every touched stream into the hash chain, in the append's transaction.</summary>
/// <remarks>Inline, it runs on every <c>SaveChangesAsync</c> path, ours or a framework's; a wrapper on our own transaction missed plain sessions (s3 §2).</remarks>
public sealed class HashChainProjection(ChainFold fold) : IProjection
{
    /// <summary>Queues one fold per (tenant, stream) among the events; its rows go to the <see cref="ChainFoldSink"/> open around the save, if any.</summary>
    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var sink = ChainFoldSink.Current;
        foreach (var stream in events.Select(e => (e.TenantId, e.StreamId)).Distinct())
            operations.QueueOperation(new ChainFoldOperation(fold, stream.TenantId, stream.StreamId, sink));
        return Task.CompletedTask;
    }
}
