using System.Runtime.CompilerServices;
using Atencion.EventStore.Appending;
using Atencion.EventStore.Marten.HashChain;
using Marten;
using Npgsql;

namespace Atencion.EventStore.Marten.Store;

/// <summary>
/// Our append promises on a Marten session that a framework saves and commits (Wolverine's aggregate handler workflow
/// with <c>AutoApplyTransactions</c>): our metadata, the stored rows the hash chain's fold returns, our SQL read models in
/// the same transaction and commit participants told after it.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="MartenEventStore"/> owns its transactions and does all this around its own <c>SaveChangesAsync</c>. Here
/// the framework calls <c>SaveChangesAsync</c>, so the same steps hang on the session: <see cref="Track"/> stamps our
/// metadata; the chain's fold hands its rows to a sink attached to the session (<see cref="ChainFoldSink.AttachTo"/>);
/// and this object, a Marten <see cref="ITransactionParticipant"/>, runs
/// after Marten's batch and before its commit, on Marten's connection and transaction, the inline projections that
/// <see cref="StoreTransaction.AppendAsync"/> runs on ours.
/// </para>
/// <para>
/// The stream's row is locked by the framework's fetch (<c>FetchForExclusiveWriting</c>) or, for an append at an expected
/// version, by Marten's append function (<c>UseExclusiveLockOnConcurrentAppends</c>); a new stream has no row to lock.
/// </para>
/// <para>
/// A refusal here (a read model's constraint) throws out of <c>SaveChangesAsync</c> and the transaction rolls back, as
/// it does on our own path.
/// </para>
/// </remarks>
public sealed class SessionAppends : ITransactionParticipant
{
    private static readonly ConditionalWeakTable<IDocumentSession, SessionAppends> Enlisted = new();

    private readonly MartenEventStore _store;
    private readonly IDocumentSession _session;
    private readonly ChainFoldSink _sink;
    private readonly List<Tracked> _streams = [];
    private StoreTransaction? _committing;
    private readonly Dictionary<(string Tenant, Guid Stream), AppendResult> _results = [];

    private SessionAppends(MartenEventStore store, IDocumentSession session)
    {
        _store = store;
        _session = session;
        _sink = ChainFoldSink.AttachTo(session);
    }

    /// <summary>The appends of a session, enlisted in its transaction the first time they are asked for.</summary>
    public static SessionAppends Of(IDocumentSession session, MartenEventStore store) =>
        Enlisted.GetValue(session, s =>
        {
            var appends = new SessionAppends(store, s);
            ((ITransactionParticipantRegistrar)s).AddTransactionParticipant(appends);
            return appends;
        });

    /// <summary>
    /// Opens the session's transaction now, so that what a decision reads and writes in SQL (a radicado, the
    /// assignment lock) commits with the events or not at all; its commands run on the session's connection.
    /// </summary>
    public async Task<StoreTransaction> BeginAsync(CancellationToken ct)
    {
        await _session.BeginTransactionAsync(ct);
        return new StoreTransaction(_store, _session.Connection, null);
    }

    /// <summary>
    /// Declares that the session appends to a stream of a type with our metadata; call before saving the session.
    /// </summary>
    public void Track(TenantId tenant, Guid streamId, string streamType, EventMetadata metadata)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamType);
        if (_streams.Any(s => s.Tenant == tenant && s.StreamId == streamId)) return;
        if (_streams.Count > 0 && _streams[0].Metadata != metadata)
            throw new InvalidOperationException("One session stamps one metadata on every event it saves: append with other metadata in another session.");
        MartenMetadata.Stamp(_session, metadata, streamType);
        _streams.Add(new Tracked(tenant, streamId, streamType, metadata));
    }

    /// <summary>What the session's commit appended to a stream; only once <c>SaveChangesAsync</c> has returned.</summary>
    public AppendResult ResultOf(TenantId tenant, Guid streamId) =>
        _results.TryGetValue((tenant.Value, streamId), out var result)
            ? result
            : throw new InvalidOperationException($"The session committed no append to stream {streamId}.");

    /// <inheritdoc />
    public async Task BeforeCommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken token)
    {
        // Run again on a new transaction when Marten retries the commit: start over.
        _results.Clear();
        _committing = new StoreTransaction(_store, connection, transaction);
        var pending = _session.PendingChanges.Streams().ToList();
        foreach (var stream in _streams)
        {
            var action = pending.FirstOrDefault(a => a.Id == stream.StreamId && a.TenantId == stream.Tenant.Value);
            if (action is null || action.Events.Count == 0) continue;
            var recorded = MartenEventStore.Recorded(
                _sink.RowsOf(stream.Tenant.Value, stream.StreamId), action.Events, stream.Tenant, stream.StreamId, stream.Metadata);
            _results[(stream.Tenant.Value, stream.StreamId)] = await _store.ProjectAsync(
                new AppendContext(connection, transaction, stream.Tenant, stream.StreamId, stream.StreamType, recorded) { Store = _committing }, token);
        }
    }

    /// <inheritdoc />
    public async Task AfterCommitAsync(CancellationToken token)
    {
        // Committed: from here on nothing may undo the work, so a participant is told even if the caller gave up.
        foreach (var participant in _committing?.Participants ?? []) await participant.CommittedAsync(CancellationToken.None);
    }

    private sealed record Tracked(TenantId Tenant, Guid StreamId, string StreamType, EventMetadata Metadata);
}
