using JasperFx.Events;
using Npgsql;

namespace Atencion.EventStore.Marten.Store;

/// <summary>The SQL the Marten-backed store runs beside Marten's own: what Marten stored, read back with the hash chain, and stream headers.</summary>
/// <remarks>
/// Marten keeps no transaction id per event; the chain's <c>event_hashes.tx_id</c> (the appending transaction, as xid8) is <see cref="RecordedEvent.TxId"/>.
/// Marten's tombstone stream (<see cref="Tombstone.StreamId"/>) is never returned.
/// </remarks>
internal sealed class MartenRows(string schema)
{
    private readonly string _schema = Identifier.Check(schema);

    /// <summary>What one stored event adds to Marten's <see cref="IEvent"/>: the transaction, the stored JSON, the chain hash.</summary>
    public sealed record Stored(long Seq, ulong TxId, long Version, Guid Id, string Type, string Json, DateTimeOffset Timestamp, byte[] Hash);

    /// <summary>The rows of the given sequence numbers of one stream, in version order.</summary>
    public Task<List<Stored>> BySeqsAsync(NpgsqlConnection conn, string tenant, Guid stream, long[] seqs, CancellationToken ct) =>
        ReadAsync(conn, null, "e.seq_id = any($3)", tenant, stream, seqs, ct);

    private async Task<List<Stored>> ReadAsync<TKey>(NpgsqlConnection conn, NpgsqlTransaction? tx, string filter, string tenant, Guid stream, TKey[] keys,
        CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            select e.seq_id, coalesce(h.tx_id::text, '0'), e.version, e.id, e.type, e.data::text, e.timestamp, coalesce(h.hash, ''::bytea)
            from {_schema}.mt_events e
            left join {_schema}.event_hashes h on h.tenant_id = e.tenant_id and h.stream_id = e.stream_id and h.version = e.version
            where e.tenant_id = $1 and e.stream_id = $2 and {filter} and e.stream_id <> $4
            order by e.version
            """, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = stream });
        cmd.Parameters.Add(new NpgsqlParameter<TKey[]> { TypedValue = keys });
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Tombstone.StreamId });
        var rows = new List<Stored>(keys.Length);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            rows.Add(new Stored(r.GetInt64(0), ulong.Parse(r.GetString(1)), r.GetInt64(2), r.GetGuid(3), r.GetString(4), r.GetString(5),
                r.GetFieldValue<DateTimeOffset>(6), r.GetFieldValue<byte[]>(7)));
        }
        return rows;
    }

    /// <summary>The stream's committed version, or null when it does not exist (read after a conflict, on a connection of its own).</summary>
    public async Task<long?> VersionAsync(NpgsqlConnection conn, string tenant, Guid stream, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"select version from {_schema}.mt_streams where tenant_id = $1 and id = $2 and version > 0", conn);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = stream });
        return await cmd.ExecuteScalarAsync(ct) is long v ? v : null;
    }

    /// <summary>
    /// The last version recorded at or before an instant, taken as a prefix: the version before the first one recorded
    /// after it, so that timestamps out of version order (Quick mode stamps the transaction's start) never make a state
    /// the stream never had. Null when no event was recorded after the instant.
    /// </summary>
    public async Task<long?> VersionBeforeAsync(NpgsqlConnection conn, string tenant, Guid stream, DateTimeOffset until, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            select min(version) - 1 from {_schema}.mt_events where tenant_id = $1 and stream_id = $2 and timestamp > $3
            """, conn);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = stream });
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = until.ToUniversalTime() });
        return await cmd.ExecuteScalarAsync(ct) is long v ? v : null;
    }

    /// <summary>The stream's header; its type is the <c>streamType</c> header of its first event (see <see cref="MartenMetadata"/>).</summary>
    public async Task<StreamState?> StateAsync(NpgsqlConnection conn, TenantId tenant, Guid stream, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            select s.version, s.created, s.timestamp, coalesce(s.is_archived, false),
                   coalesce((select e.headers ->> '{MartenMetadata.StreamType}' from {_schema}.mt_events e
                             where e.tenant_id = s.tenant_id and e.stream_id = s.id order by e.version limit 1), s.type, '')
            from {_schema}.mt_streams s
            where s.tenant_id = $1 and s.id = $2 and s.id <> $3 and s.version > 0
            """, conn);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant.Value });
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = stream });
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Tombstone.StreamId });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new StreamState(tenant, stream, r.GetString(4), r.GetInt64(0),
            r.GetFieldValue<DateTimeOffset>(1), r.GetFieldValue<DateTimeOffset>(2), r.GetBoolean(3));
    }
}
