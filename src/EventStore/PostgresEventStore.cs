using Atencion.EventStore.Appending;
using Atencion.EventStore.Integrity;
using Atencion.EventStore.Reading;
using Npgsql;
using NpgsqlTypes;

namespace Atencion.EventStore;

/// <summary>The append-only event log on PostgreSQL: appends with expected version, reads streams, folds them.</summary>
public sealed class PostgresEventStore(NpgsqlDataSource dataSource, EventStoreOptions options)
{
    /// <summary>The data source the store runs on.</summary>
    public NpgsqlDataSource DataSource { get; } = dataSource;

    /// <summary>The store's options.</summary>
    public EventStoreOptions Options { get; } = options;

    private readonly AppendNotifier? _notifier = options.NotifyOnAppend ? new AppendNotifier(dataSource) : null;
    private readonly (byte[] Inner, byte[] Outer) _pads = EventHash.Pads(options.ChainKey);

    // How many times an append with ExpectedVersion.Any re-reads the stream's version when racing appenders move it.
    private const int AnyAttempts = 50;

    /// <summary>
    /// Appends events to a stream if it is at the expected version, runs the inline projections and the caller's
    /// own writes in the same transaction, and commits; throws <see cref="WrongExpectedVersionException"/> otherwise.
    /// </summary>
    /// <remarks>
    /// The append itself is one prepared statement (claim the stream version, insert the hash-chained events). When no
    /// inline projection reads this stream type and the caller has nothing to add, that statement commits on its own,
    /// in a single round trip.
    /// </remarks>
    public async Task<AppendResult> AppendAsync(
        TenantId tenant, Guid streamId, string streamType, ExpectedVersion expected,
        IReadOnlyList<object> events, EventMetadata metadata,
        Func<AppendContext, CancellationToken, Task>? alsoInTransaction = null,
        CancellationToken ct = default)
    {
        if (alsoInTransaction is not null || Options.InlineProjections.Any(p => p.Handles(streamType)))
            return await InTransactionAsync(async (t, c) =>
            {
                var result = await t.AppendAsync(tenant, streamId, streamType, expected, events, metadata, c);
                if (alsoInTransaction is not null)
                    await alsoInTransaction(new AppendContext(t.Connection, t.Transaction, tenant, streamId, streamType, result.Events), c);
                return result;
            }, ct);

        await using var conn = await DataSource.OpenConnectionAsync(ct);
        var recorded = await InsertAsync(conn, null, tenant, streamId, streamType, expected, events, metadata, ct);
        _notifier?.Signal();
        return new AppendResult(recorded[^1].Version, recorded);
    }

    /// <summary>
    /// Runs work that reads the versions it appends at inside its own transaction (under row locks), again in a new
    /// transaction when an append conflicts, up to <paramref name="attempts"/> times. A transaction that locked or wrote
    /// before appending may be older than the stream's last appender and is refused (see <see cref="Appending.AppendSql"/>);
    /// the work, run again, reads the state anew.
    /// </summary>
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
    /// (each append with its inline projections); commits when the work returns, rolls back when it throws.
    /// </summary>
    /// <remarks>For writes whose events depend on something allocated in the same transaction, such as a filing number.</remarks>
    public async Task<T> InTransactionAsync<T>(Func<StoreTransaction, CancellationToken, Task<T>> work, CancellationToken ct = default)
    {
        await using var conn = await DataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var transaction = new StoreTransaction(this, conn, tx);
        var result = await work(transaction, ct);
        await tx.CommitAsync(ct);
        if (transaction.Appended) _notifier?.Signal();
        return result;
    }

    internal async Task<List<RecordedEvent>> InsertAsync(
        NpgsqlConnection conn, NpgsqlTransaction? tx, TenantId tenant, Guid streamId, string streamType,
        ExpectedVersion expected, IReadOnlyList<object> events, EventMetadata metadata, CancellationToken ct)
    {
        if (expected != ExpectedVersion.Any)
            return await InsertExactAsync(conn, tx, tenant, streamId, streamType, expected, events, metadata, ct);
        // "Any" appends at the version read from committed state, so the chain links to a committed head; a racing
        // appender makes the exact append find no row, and it is tried again on the new version.
        for (var attempt = 1; ; attempt++)
        {
            var state = await StreamVersionAsync(conn, tx, tenant, streamId, ct);
            var exact = state is null ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(state.Value.Version);
            try { return await InsertExactAsync(conn, tx, tenant, streamId, streamType, exact, events, metadata, ct); }
            catch (WrongExpectedVersionException) when (attempt < AnyAttempts && state?.Archived != true) { }
        }
    }

    private async Task<List<RecordedEvent>> InsertExactAsync(
        NpgsqlConnection conn, NpgsqlTransaction? tx, TenantId tenant, Guid streamId, string streamType,
        ExpectedVersion expected, IReadOnlyList<object> events, EventMetadata metadata, CancellationToken ct)
    {
        if (events.Count == 0) throw new ArgumentException("Nothing to append.", nameof(events));
        ArgumentException.ThrowIfNullOrWhiteSpace(streamType);

        var now = EventHash.TruncateToMicros(Options.Time.GetUtcNow());
        var types = events.Select(Options.Types.NameOf).ToArray();
        var datas = events.Select(Options.Types.Serialize).ToArray();
        var ids = events.Select(_ => Guid.CreateVersion7(now)).ToArray();
        var meta = Options.Types.SerializeMetadata(metadata);

        await using var cmd = new NpgsqlCommand(AppendSql.For(expected, events.Count), conn, tx);
        var p = cmd.Parameters;
        p.Add(new NpgsqlParameter<string>("tenant", tenant.Value));
        p.Add(new NpgsqlParameter<Guid>("stream", streamId));
        p.Add(new NpgsqlParameter<string>("stream_type", streamType));
        p.Add(new NpgsqlParameter<long>("expected", expected.Value));
        p.Add(new NpgsqlParameter<long>("k", events.Count));
        p.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        p.Add(new NpgsqlParameter<long>("micros", EventHash.ToMicros(now)));
        p.Add(new NpgsqlParameter<string>("prefix", EventHash.SchemePrefix(tenant.Value, streamId)));
        p.Add(new NpgsqlParameter<string>("head_prefix", StreamHeadMac.Prefix(tenant.Value, streamId)));
        p.Add(new NpgsqlParameter<short>("scheme", EventHash.CurrentScheme));
        p.Add(new NpgsqlParameter<Guid[]>("ids", ids));
        p.Add(new NpgsqlParameter<string[]>("types", types));
        p.Add(new NpgsqlParameter<string[]>("datas", datas));
        p.Add(new NpgsqlParameter<string[]>("metas", Enumerable.Repeat(meta, events.Count).ToArray()));
        p.Add(new NpgsqlParameter<byte[]>("ipad", _pads.Inner));
        p.Add(new NpgsqlParameter<byte[]>("opad", _pads.Outer));

        var recorded = new List<RecordedEvent>(events.Count);
        try
        {
            await cmd.PrepareAsync(ct);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            for (var i = 0; await reader.ReadAsync(ct); i++)
                recorded.Add(new RecordedEvent(
                    Seq: reader.GetInt64(0), TxId: ulong.Parse(reader.GetString(1)), Tenant: tenant, StreamId: streamId,
                    Version: reader.GetInt64(2), EventId: ids[i], EventType: types[i], Data: events[i], Json: datas[i],
                    Metadata: metadata, RecordedAt: now, Hash: reader.GetFieldValue<byte[]>(3)));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Belt and braces: the claim already serializes appenders, the unique key makes a race impossible to miss.
            // The transaction is aborted now, so the actual version is read elsewhere.
            throw await ConflictAsync(tenant, streamId, expected, ct);
        }
        // No row claimed: the transaction is still usable, so the actual version is read on this same connection
        // rather than on a second one (under load, a second one per conflict would drain the pool).
        if (recorded.Count != events.Count)
            throw new WrongExpectedVersionException(tenant, streamId, expected, (await StreamVersionAsync(conn, tx, tenant, streamId, ct))?.Version);
        return recorded;
    }

    /// <summary>Reads a stream's events in version order, optionally from a version, up to a version, or up to an instant.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(
        TenantId tenant, Guid streamId, StreamReadOptions? read = null, CancellationToken ct = default)
    {
        read ??= StreamReadOptions.All;
        await using var cmd = DataSource.CreateCommand($"""
            select {EventReader.Columns} from atencion.events
            where tenant_id = @tenant and stream_id = @stream and version >= @from
              and (@to::bigint is null or version <= @to)
              -- Up to an instant means a prefix of the stream: the versions before the first one recorded after it,
              -- so that nodes whose clocks differ slightly can never make a state the case never had.
              and (@until::timestamptz is null or version < coalesce(
                    (select min(l.version) from atencion.events l
                     where l.tenant_id = @tenant and l.stream_id = @stream and l.recorded_at > @until), 9223372036854775807))
            order by version
            """);
        cmd.Parameters.Add(new NpgsqlParameter<string>("tenant", tenant.Value));
        cmd.Parameters.Add(new NpgsqlParameter<Guid>("stream", streamId));
        cmd.Parameters.Add(new NpgsqlParameter<long>("from", read.FromVersion));
        cmd.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.Bigint) { Value = (object?)read.ToVersion ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("until", NpgsqlDbType.TimestampTz) { Value = (object?)read.Until?.ToUniversalTime() ?? DBNull.Value });
        return await EventReader.ReadAllAsync(cmd, Options.Types, ct);
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
        await using var cmd = DataSource.CreateCommand("""
            select stream_type, version, created_at, updated_at, archived from atencion.streams
            where tenant_id = @tenant and stream_id = @stream
            """);
        cmd.Parameters.Add(new NpgsqlParameter<string>("tenant", tenant.Value));
        cmd.Parameters.Add(new NpgsqlParameter<Guid>("stream", streamId));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new StreamState(tenant, streamId, reader.GetString(0), reader.GetInt64(1),
            reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetBoolean(4));
    }

    /// <summary>Recomputes a stream's hash chain from the stored rows and names the first event that does not match.</summary>
    public Task<IntegrityReport> VerifyStreamAsync(TenantId tenant, Guid streamId, CancellationToken ct = default) =>
        StreamVerifier.VerifyAsync(this, tenant, streamId, ct);

    /// <summary>
    /// Verifies a stream like <see cref="VerifyStreamAsync(TenantId, Guid, CancellationToken)"/>, on the caller's connection and
    /// transaction (open it repeatable read), so that the caller can check its own rows in the same snapshot.
    /// </summary>
    public Task<IntegrityReport> VerifyStreamAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TenantId tenant, Guid streamId, CancellationToken ct = default) =>
        StreamVerifier.VerifyAsync(this, connection, transaction, tenant, streamId, ct);

    /// <summary>Lists every stream head of a tenant now, under the service's MAC, for auditors to keep (see <see cref="StreamCheckpoint"/>).</summary>
    public Task<StreamCheckpoint> TakeCheckpointAsync(TenantId tenant, CancellationToken ct = default) =>
        Checkpoints.TakeAsync(this, tenant, ct);

    /// <summary>Checks that a checkpoint this service issued for the tenant is authentic and that no stream it lists went back or changed since.</summary>
    public Task<CheckpointReport> VerifyCheckpointAsync(TenantId tenant, StreamCheckpoint checkpoint, CancellationToken ct = default) =>
        Checkpoints.VerifyAsync(this, tenant, checkpoint, ct);

    private static async Task<(long Version, bool Archived)?> StreamVersionAsync(
        NpgsqlConnection conn, NpgsqlTransaction? tx, TenantId tenant, Guid streamId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select version, archived from atencion.streams where tenant_id = @t and stream_id = @s", conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter<string>("t", tenant.Value));
        cmd.Parameters.Add(new NpgsqlParameter<Guid>("s", streamId));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? (r.GetInt64(0), r.GetBoolean(1)) : null;
    }

    private async Task<WrongExpectedVersionException> ConflictAsync(TenantId tenant, Guid streamId, ExpectedVersion expected, CancellationToken ct)
    {
        var state = await FetchStreamStateAsync(tenant, streamId, ct);
        return new WrongExpectedVersionException(tenant, streamId, expected, state?.Version);
    }
}
