using Atencion.EventStore.Appending;
using Npgsql;

namespace Atencion.EventStore.Marten.Store;

/// <summary>An open transaction of the Marten-backed store: appends (each with its inline projections) and the caller's own SQL commit together.</summary>
/// <remarks>After a <see cref="WrongExpectedVersionException"/> the transaction may be aborted (Marten's conflicts can come from the database): let it roll back.</remarks>
public sealed class StoreTransaction
{
    private readonly MartenEventStore _store;

    internal StoreTransaction(MartenEventStore store, NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        _store = store;
        Connection = connection;
        Transaction = transaction;
    }

    /// <summary>The transaction's connection.</summary>
    public NpgsqlConnection Connection { get; }

    /// <summary>
    /// The transaction, shared with Marten's sessions; null on a Marten session's own transaction before its save
    /// (<see cref="SessionAppends.BeginAsync"/>), which Marten does not hand out: commands on <see cref="Connection"/> run in it all the same.
    /// </summary>
    public NpgsqlTransaction? Transaction { get; }

    private List<ICommitParticipant>? _participants;

    internal IReadOnlyList<ICommitParticipant> Participants => _participants ?? [];

    /// <summary>
    /// The participant of type <typeparamref name="T"/> enlisted in this transaction, made by <paramref name="enlist"/> the
    /// first time it is asked for; each is told once the transaction has committed, in the order they enlisted.
    /// </summary>
    public T Participant<T>(Func<StoreTransaction, T> enlist) where T : class, ICommitParticipant
    {
        if (_participants?.OfType<T>().FirstOrDefault() is { } existing) return existing;
        var created = enlist(this);
        (_participants ??= []).Add(created);
        return created;
    }

    /// <summary>Creates a command bound to this transaction.</summary>
    public NpgsqlCommand Command(string sql) => new(sql, Connection, Transaction);

    /// <summary>Appends to a stream at the expected version, then runs the inline projections that read its type; throws <see cref="WrongExpectedVersionException"/> on a mismatch.</summary>
    public async Task<AppendResult> AppendAsync(
        TenantId tenant, Guid streamId, string streamType, ExpectedVersion expected,
        IReadOnlyList<object> events, EventMetadata metadata, CancellationToken ct)
    {
        if (Transaction is null)
            throw new InvalidOperationException("This transaction belongs to a Marten session: append to that session (SessionAppends.Track).");
        var recorded = await _store.SaveAsync(Connection, Transaction, tenant, streamId, streamType, expected, events, metadata, ct);
        return await _store.ProjectAsync(new AppendContext(Connection, Transaction, tenant, streamId, streamType, recorded) { Store = this }, ct);
    }
}
