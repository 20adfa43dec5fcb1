using System.Data;
using Atencion.EventStore.Appending;
using Atencion.EventStore.Integrity;
using Atencion.EventStore.Marten.HashChain;
using Atencion.EventStore.Reading;
using JasperFx.Events;
using Marten;
using Marten.Services;
using Npgsql;

namespace Atencion.EventStore.Marten.Store;

/// <summary>
/// The event store of the service, on Marten: appends through lightweight sessions bound to
/// our own transaction, our SQL read models in the same transaction, streams read back as <see cref="RecordedEvent"/>s.
/// </summary>
/// <remarks>
/// Sessions never commit: <see cref="SessionOptions.ForTransaction(NpgsqlTransaction, bool)"/> without auto-commit,
/// so that Marten's rows, the hash chain's fold (an inline Marten projection), the inline projections given here and the
/// caller's writes commit or roll back together (s1 Q2).
/// </remarks>
public sealed class MartenEventStore
{
    private readonly IDocumentStore _store;
    private readonly MartenRows _rows;
    private readonly MartenSettings _settings;

    /// <summary>A store over a Marten store configured by <see cref="AtencionMarten.Configure"/>, with connections of the serving role.</summary>
    /// <param name="store">Marten's store.</param>
    /// <param name="dataSource">Connections for our transactions and reads, on the same database and role as <paramref name="store"/>.</param>
    /// <param name="settings">The settings <paramref name="store"/> was configured with (its schema, names, chain key and clock).</param>
    /// <param name="inlineProjections">Our SQL read models, updated after each append in its transaction.</param>
    public MartenEventStore(IDocumentStore store, NpgsqlDataSource dataSource, MartenSettings settings,
        IReadOnlyList<IInlineProjection>? inlineProjections = null)
    {
        _store = store;
        _settings = settings;
        DataSource = dataSource;
        InlineProjections = inlineProjections ?? [];
        _rows = new MartenRows(settings.SchemaName);
        Options = new EventStoreOptions
        {
            Types = settings.Types, Time = settings.Time, ChainKey = settings.ChainKey,
            InlineProjections = InlineProjections,
        };
    }

    /// <summary>The data source the store's transactions run on.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Read models updated in the append's own transaction.</summary>
    public IReadOnlyList<IInlineProjection> InlineProjections { get; }

    /// <summary>The store's registry, clock and chain key, as the rest of the service reads them.</summary>
    public EventStoreOptions Options { get; }

    /// <summary>The schema of Marten's tables and the chain's side tables.</summary>
    public string Schema => _settings.SchemaName;

    /// <summary>Marten's store, for reads that go through Marten (live aggregation, the async daemon).</summary>
    public IDocumentStore Marten => _store;

    /// <summary>
    /// The same store on another data source, optionally with its own clock (another node of the service, or a bulk
    /// writer with other connection settings) and other inline projections (none when not given).
    /// </summary>
    /// <remarks>Another clock needs another Marten store, which stamps the events' timestamps; it lives as long as the process.</remarks>
    public MartenEventStore On(NpgsqlDataSource dataSource, TimeProvider? time = null, IReadOnlyList<IInlineProjection>? inlineProjections = null)
    {
        var settings = time is null ? _settings : _settings with { Time = time };
        var store = time is null ? _store : DocumentStore.For(opts =>
        {
            opts.Connection(dataSource);
            AtencionMarten.Configure(opts, settings);
        });
        return new MartenEventStore(store, dataSource, settings, inlineProjections);
    }

    /// <summary>
    /// Appends events to a stream if it is at the expected version, runs the inline projections and the caller's own
    /// writes in the same transaction, and commits; throws <see cref="WrongExpectedVersionException"/> otherwise.
    /// </summary>
    public Task<AppendResult> AppendAsync(
        TenantId tenant, Guid streamId, string streamType, ExpectedVersion expected,
        IReadOnlyList<object> events, EventMetadata metadata,
        Func<AppendContext, CancellationToken, Task>? alsoInTransaction = null,
        CancellationToken ct = default) =>
        InTransactionAsync(async (t, c) =>
        {
            var result = await t.AppendAsync(tenant, streamId, streamType, expected, events, metadata, c);
            if (alsoInTransaction is not null)
                await alsoInTransaction(new AppendContext(t.Connection, t.Transaction!, tenant, streamId, streamType, result.Events) { Store = t }, c);
            return result;
        }, ct);

    /// <summary>
    /// Runs work that reads the versions it appends at inside its own transaction, again in a new transaction when an
    /// append conflicts, up to <paramref name="attempts"/> times; the work, run again, reads the state anew.
    /// </summary>
    /// <remarks>A conflict may abort the transaction (a duplicate <c>StartStream</c>, a racing writer), so each attempt rolls back and starts over.</remarks>
    public async Task<T> InTransactionRetryingAsync<T>(Func<StoreTransaction, CancellationToken, Task<T>> work, CancellationToken ct = default, int attempts = 5)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return await InTransactionAsync(work, ct); }
            catch (WrongExpectedVersionException) when (attempt < attempts)
            {
                await Task.Delay(Random.Shared.Next(0, 10 * attempt), ct);
            }
        }
    }

    /// <summary>
    /// Runs work in one transaction that may read and write other tables and append to any number of streams
    /// (each append with its inline projections); commits when the work returns, rolls back when it throws. After the
    /// commit, each <see cref="ICommitParticipant"/> enlisted in the transaction is told, in order.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<StoreTransaction, CancellationToken, Task<T>> work, CancellationToken ct = default)
    {
        await using var conn = await DataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var transaction = new StoreTransaction(this, conn, tx);
        var result = await work(transaction, ct);
        await tx.CommitAsync(ct);
        // Committed: from here on nothing may undo the work, so a participant is told even if the caller gave up.
        foreach (var participant in transaction.Participants) await participant.CommittedAsync(CancellationToken.None);
        return result;
    }

    /// <summary>Saves one append through a Marten session on our transaction and reads back what was stored.</summary>
    internal async Task<List<RecordedEvent>> SaveAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, TenantId tenant, Guid streamId, string streamType,
        ExpectedVersion expected, IReadOnlyList<object> events, EventMetadata metadata, CancellationToken ct)
    {
        if (events.Count == 0) throw new ArgumentException("Nothing to append.", nameof(events));
        ArgumentException.ThrowIfNullOrWhiteSpace(streamType);
        if (streamId == Tombstone.StreamId) throw new ArgumentException("That id is Marten's tombstone stream.", nameof(streamId));

        if (expected != ExpectedVersion.Any)
            return await SaveOnceAsync(conn, tx, tenant, streamId, streamType, expected, events, metadata, ct);

        // Quick appends without a version number the events from the version they read, so a racing appender makes
        // ours fail on the unique (tenant, stream, version) key, which aborts the transaction. A savepoint keeps the
        // caller's transaction usable, and the append is tried again on the version the other one committed.
        for (var attempt = 1; ; attempt++)
        {
            await tx.SaveAsync(AnySavepoint, ct);
            try
            {
                var recorded = await SaveOnceAsync(conn, tx, tenant, streamId, streamType, expected, events, metadata, ct);
                await tx.ReleaseAsync(AnySavepoint, ct);
                return recorded;
            }
            catch (WrongExpectedVersionException) when (attempt < AnyAttempts)
            {
                await tx.RollbackAsync(AnySavepoint, ct);
            }
        }
    }

    private const string AnySavepoint = "atencion_append_any";

    // How many times an append with ExpectedVersion.Any is tried again when racing appenders move the stream.
    private const int AnyAttempts = 50;

    private async Task<List<RecordedEvent>> SaveOnceAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, TenantId tenant, Guid streamId, string streamType,
        ExpectedVersion expected, IReadOnlyList<object> events, EventMetadata metadata, CancellationToken ct)
    {
        var options = SessionOptions.ForTransaction(tx);
        options.TenantId = tenant.Value;
        // One session per append: Marten stamps a session's metadata on every event it saves.
        await using var session = _store.LightweightSession(options);
        MartenMetadata.Stamp(session, metadata, streamType);
        var action = ExpectedVersionMapping.Queue(session, streamId, expected, [.. events]);
        foreach (var e in action.Events)
            if (e.Id == Guid.Empty) e.Id = Guid.CreateVersion7();

        // Appenders to one stream queue on its row before they take sequence numbers: Marten's function locks it for an
        // append at an expected version (UseExclusiveLockOnConcurrentAppends), this operation, at the head of the batch,
        // for one without.
        if (expected == ExpectedVersion.Any) session.QueueOperation(new StreamLockOperation(Schema, tenant.Value, streamId));
        // The chain's fold returns what was stored, in the same batch (ChainFoldSink): no read-back round trip.
        using var folded = ChainFoldSink.Open();
        try { await session.SaveChangesAsync(ct); }
        catch (Exception e) when (ConflictTranslation.IsConflict(e))
        {
            // Our transaction may be aborted: the actual version is read on a connection of its own.
            await using var other = await DataSource.OpenConnectionAsync(ct);
            throw new WrongExpectedVersionException(tenant, streamId, expected, await _rows.VersionAsync(other, tenant.Value, streamId, ct));
        }

        return Recorded(folded.Sink.RowsOf(tenant.Value, streamId), action.Events, tenant, streamId, metadata);
    }

    /// <summary>The events of one append as stored: the rows the chain's fold returned, paired with the events queued.</summary>
    /// <remarks>
    /// Marten stores a stream's events in the order they were queued, so the folded rows (in version order) pair with them
    /// one to one; anything else means the chain's head and the log disagree.
    /// </remarks>
    internal static List<RecordedEvent> Recorded(
        IReadOnlyList<ChainFoldRow> stored, IReadOnlyList<IEvent> queued, TenantId tenant, Guid streamId, EventMetadata metadata)
    {
        if (stored.Count != queued.Count || Enumerable.Range(0, stored.Count).Any(i => stored[i].Id != queued[i].Id))
            throw new InvalidOperationException(
                $"The hash chain folded {stored.Count} event(s) of stream {streamId} where {queued.Count} were appended: its head and the log disagree.");
        var recorded = new List<RecordedEvent>(stored.Count);
        for (var i = 0; i < stored.Count; i++)
        {
            var s = stored[i];
            recorded.Add(new RecordedEvent(s.Seq, s.TxId, tenant, streamId, s.Version, s.Id, s.Type, queued[i].Data, s.Json, metadata, s.Timestamp, s.Hash));
        }
        return recorded;
    }

    /// <summary>Runs the inline projections that read the appended stream's type, in the append's transaction.</summary>
    internal async Task<AppendResult> ProjectAsync(AppendContext context, CancellationToken ct)
    {
        foreach (var projection in InlineProjections.Where(p => p.Handles(context.StreamType)))
            await projection.ApplyAsync(context, ct);
        return new AppendResult(context.Events[^1].Version, context.Events);
    }

    /// <summary>Reads a stream's events in version order, optionally from a version, up to a version, or up to an instant.</summary>
    /// <remarks>Marten reads and deserializes the events (its upcasters apply); one more query adds the stored JSON, transaction and hash.</remarks>
    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(
        TenantId tenant, Guid streamId, StreamReadOptions? read = null, CancellationToken ct = default)
    {
        read ??= StreamReadOptions.All;
        if (streamId == Tombstone.StreamId) return [];
        await using var conn = await DataSource.OpenConnectionAsync(ct);

        var to = read.ToVersion;
        if (read.Until is { } until && await _rows.VersionBeforeAsync(conn, tenant.Value, streamId, until, ct) is { } before)
            to = to is null ? before : Math.Min(to.Value, before);
        // Marten reads version 0 as "the latest".
        if (to is <= 0) return [];

        await using var query = _store.QuerySession(tenant.Value);
        var events = (await query.Events.FetchStreamAsync(streamId, version: to ?? 0, token: ct))
            .Where(e => e.Version >= read.FromVersion).ToList();
        if (events.Count == 0) return [];

        var stored = (await _rows.BySeqsAsync(conn, tenant.Value, streamId, [.. events.Select(e => e.Sequence)], ct))
            .ToDictionary(s => s.Seq);
        return [.. events.Select(e =>
        {
            var s = stored[e.Sequence];
            return new RecordedEvent(e.Sequence, s.TxId, tenant, streamId, e.Version, e.Id, e.EventTypeName, e.Data, s.Json,
                MartenMetadata.Read(e), e.Timestamp, s.Hash);
        })];
    }

    /// <summary>Folds a stream into a state, up to a version or instant when given (time travel); null when the stream has no such events.</summary>
    public async Task<T?> AggregateAsync<T>(
        TenantId tenant, Guid streamId, Func<RecordedEvent, T> start, Func<T, RecordedEvent, T> evolve,
        StreamReadOptions? read = null, CancellationToken ct = default) where T : class
    {
        var events = await ReadStreamAsync(tenant, streamId, read, ct);
        if (events.Count == 0) return null;
        return events.Skip(1).Aggregate(start(events[0]), evolve);
    }

    /// <summary>The stream's type, version and whether it is archived; null when it does not exist.</summary>
    public async Task<StreamState?> FetchStreamStateAsync(TenantId tenant, Guid streamId, CancellationToken ct = default)
    {
        await using var conn = await DataSource.OpenConnectionAsync(ct);
        return await _rows.StateAsync(conn, tenant, streamId, ct);
    }

    /// <summary>Recomputes a stream's hash chain from the stored rows and names the first event that does not match.</summary>
    public async Task<IntegrityReport> VerifyStreamAsync(TenantId tenant, Guid streamId, CancellationToken ct = default)
    {
        await using var conn = await DataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        return await VerifyStreamAsync(conn, tx, tenant, streamId, ct);
    }

    /// <summary>
    /// Verifies a stream like <see cref="VerifyStreamAsync(TenantId, Guid, CancellationToken)"/>, on the caller's connection and
    /// transaction (open it repeatable read), so that the caller can check its own rows in the same snapshot.
    /// </summary>
    public Task<IntegrityReport> VerifyStreamAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TenantId tenant, Guid streamId, CancellationToken ct = default) =>
        new ChainVerifier(Schema, Options.ChainKey).ReportAsync(connection, transaction, tenant.Value, streamId, ct);

    /// <summary>Lists every stream head of a tenant now, under the service's MAC, for auditors to keep (see <see cref="StreamCheckpoint"/>).</summary>
    public Task<StreamCheckpoint> TakeCheckpointAsync(TenantId tenant, CancellationToken ct = default) =>
        new ChainCheckpoints(DataSource, Schema, Options.ChainKey, Options.Time).TakeAsync(tenant, ct);

    /// <summary>Checks that a checkpoint this service issued for the tenant is authentic and that no stream it lists went back or changed since.</summary>
    public Task<CheckpointReport> VerifyCheckpointAsync(TenantId tenant, StreamCheckpoint checkpoint, CancellationToken ct = default) =>
        new ChainCheckpoints(DataSource, Schema, Options.ChainKey, Options.Time).VerifyAsync(tenant, checkpoint, ct);
}
