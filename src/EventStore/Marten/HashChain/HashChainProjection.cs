using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Atencion.EventStore.Marten.HashChain;

/// <summary>An inline projection that folds every touched stream into the hash chain, in the append's transaction.</summary>
/// <remarks>Inline, it runs on every <c>SaveChangesAsync</c> path, ours or a framework's; a wrapper on our own transaction missed plain sessions (s3 §2).</remarks>
public sealed class HashChainProjection(ChainFold fold) : IProjection
{
    /// <summary>Queues one fold statement per (tenant, stream) among the events.</summary>
    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var stream in events.Select(e => (e.TenantId, e.StreamId)).Distinct())
            operations.QueueSqlCommand(fold.Sql, fold.Arguments(stream.TenantId, stream.StreamId));
        return Task.CompletedTask;
    }
}
