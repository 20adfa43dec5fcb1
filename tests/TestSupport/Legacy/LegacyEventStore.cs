using Atencion.EventStore;
using Atencion.EventStore.Appending;
using Atencion.EventStore.Integrity;
using Npgsql;
using NpgsqlTypes;

namespace Atencion.TestSupport.Legacy;

/// <summary>The store before Marten (its <c>atencion.events</c> append, as it was), kept in the tests only to fill a database that the upgrade to Marten reads.</summary>
public sealed class LegacyEventStore(NpgsqlDataSource dataSource, EventStoreOptions options)
{
    /// <summary>The data source the store runs on.</summary>
    public NpgsqlDataSource DataSource { get; } = dataSource;

    /// <summary>The store's options.</summary>
    public EventStoreOptions Options { get; } = options;

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
        {
            // As the old store did: the append, its inline read models and the caller's writes in one transaction.
            await using var c = await DataSource.OpenConnectionAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            var events0 = await InsertAsync(c, tx, tenant, streamId, streamType, expected, events, metadata, ct);
            var context = new AppendContext(c, tx, tenant, streamId, streamType, events0);
            foreach (var projection in Options.InlineProjections.Where(p => p.Handles(streamType)))
                await projection.ApplyAsync(context, ct);
            if (alsoInTransaction is not null) await alsoInTransaction(context, ct);
            await tx.CommitAsync(ct);
            return new AppendResult(events0[^1].Version, events0);
        }
        await using var conn = await DataSource.OpenConnectionAsync(ct);
        var recorded = await InsertAsync(conn, null, tenant, streamId, streamType, expected, events, metadata, ct);
                return new AppendResult(recorded[^1].Version, recorded);
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

        await using var cmd = new NpgsqlCommand(LegacyAppendSql.For(expected, events.Count), conn, tx);
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

    /// <summary>Reads a stream's events in version order, as the old store read them.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(TenantId tenant, Guid streamId, CancellationToken ct = default)
    {
        await using var cmd = DataSource.CreateCommand("""
            select seq, tx_id::text, tenant_id, stream_id, version, event_id, event_type, data::text, metadata::text, recorded_at, hash
            from atencion.events where tenant_id = @tenant and stream_id = @stream order by version
            """);
        cmd.Parameters.Add(new NpgsqlParameter<string>("tenant", tenant.Value));
        cmd.Parameters.Add(new NpgsqlParameter<Guid>("stream", streamId));
        var list = new List<RecordedEvent>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) list.Add(Map(reader, Options.Types));
        return list;
    }

    private static RecordedEvent Map(NpgsqlDataReader r, EventTypeRegistry types)
    {
        var type = r.GetString(6);
        var json = r.GetString(7);
        return new RecordedEvent(
            Seq: r.GetInt64(0),
            TxId: ulong.Parse(r.GetString(1)),
            Tenant: new TenantId(r.GetString(2)),
            StreamId: r.GetGuid(3),
            Version: r.GetInt64(4),
            EventId: r.GetGuid(5),
            EventType: type,
            Data: types.Deserialize(type, json),
            Json: json,
            Metadata: types.DeserializeMetadata(r.GetString(8)),
            RecordedAt: r.GetFieldValue<DateTimeOffset>(9),
            Hash: r.GetFieldValue<byte[]>(10));
    }

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
        await using var conn = await DataSource.OpenConnectionAsync(ct);
        return new WrongExpectedVersionException(tenant, streamId, expected, (await StreamVersionAsync(conn, null, tenant, streamId, ct))?.Version);
    }
}
