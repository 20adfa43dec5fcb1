using System.Security.Cryptography;
using System.Text;
using Atencion.EventStore.Integrity;
using Npgsql;

namespace Atencion.EventStore.Marten.HashChain;

/// <summary>Recomputes every stream's chain from the stored columns with the key, and names the first version that does not check out.</summary>
/// <remarks>
/// SQL renders each event's canonical text (<see cref="ChainCanon"/>); the HMACs are computed here, so a database
/// user without the key cannot make an edit verify. Streams made only of Marten's <c>tombstone</c> events (the filler
/// of failed Rich appends) are not chained and are skipped; a tombstone inside a real stream is an unhashed event.
/// </remarks>
public sealed class ChainVerifier(string schema, byte[] key)
{
    /// <summary>Verifies every stream known to mt_events, mt_streams or the chain tables; empty when all check out.</summary>
    public async Task<IReadOnlyList<ChainBreak>> VerifyAsync(NpgsqlConnection conn, CancellationToken ct = default)
    {
        var streams = new List<(string Tenant, Guid Stream)>();
        await using (var cmd = new NpgsqlCommand($"""
            select tenant_id, stream_id from {schema}.mt_events group by 1, 2 having bool_or(type is distinct from 'tombstone')
            union select tenant_id, id from {schema}.mt_streams where version <> 0
            union select tenant_id, stream_id from {schema}.{ChainTables.EventHashes}
            union select tenant_id, stream_id from {schema}.{ChainTables.StreamHeads}
            order by 1, 2
            """, conn))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) streams.Add((reader.GetString(0), reader.GetGuid(1)));

        var breaks = new List<ChainBreak>();
        foreach (var (tenant, stream) in streams)
            if (await VerifyStreamAsync(conn, tenant, stream, ct) is { } found) breaks.Add(found);
        return breaks;
    }

    /// <summary>Verifies one stream: its events against their hash rows in version order, then mt_streams' version and the MACed head.</summary>
    public async Task<ChainBreak?> VerifyStreamAsync(NpgsqlConnection conn, string tenant, Guid stream, CancellationToken ct = default)
    {
        ChainBreak Break(long version, string reason) => new(tenant, stream, version, reason);

        var previous = Array.Empty<byte>();
        long expected = 1;
        await using (var cmd = Command(conn, $"""
            select e.version, e.seq_id, {ChainCanon.Event}, h.version, h.seq_id, h.hash
            from (select * from {schema}.mt_events where tenant_id = $1 and stream_id = $2) e
            full join (select * from {schema}.{ChainTables.EventHashes} where tenant_id = $1 and stream_id = $2) h
                on h.version = e.version
            order by coalesce(e.version, h.version)
            """, tenant, stream))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var hasEvent = !reader.IsDBNull(0);
                var hasHash = !reader.IsDBNull(3);
                var version = hasEvent ? reader.GetInt64(0) : reader.GetInt64(3);
                if (version != expected) return Break(expected, $"missing (the next stored version is {version})");
                if (!hasEvent) return Break(version, "hash row without event (event deleted)");
                if (!hasHash) return Break(version, "event without hash row (forged or unhashed)");
                if (reader.GetInt64(1) != reader.GetInt64(4)) return Break(version, $"seq_id {reader.GetInt64(1)} differs from the hashed seq_id {reader.GetInt64(4)}");
                var link = EventHash.Compute(key, previous, reader.GetString(2));
                if (!CryptographicOperations.FixedTimeEquals(link, reader.GetFieldValue<byte[]>(5))) return Break(version, "hash mismatch (event altered, reordered or forged)");
                previous = link;
                expected++;
            }
        }
        var last = expected - 1;

        await using (var cmd = Command(conn, $"select version from {schema}.mt_streams where tenant_id = $1 and id = $2", tenant, stream))
        {
            var streamVersion = (long?)await cmd.ExecuteScalarAsync(ct);
            if (streamVersion is null) return Break(last, "the stream's head is missing: no mt_streams row");
            if (streamVersion > last) return Break(last + 1, $"mt_streams.version is {streamVersion} but the chain ends at {last}");
            if (streamVersion < last) return Break(streamVersion.Value + 1, $"mt_streams.version is {streamVersion} but the chain goes on to {last}");
        }

        await using (var cmd = Command(conn, $"""
            select version, last_hash, head_mac, {ChainCanon.Head("tenant_id", "stream_id", "version")}
            from {schema}.{ChainTables.StreamHeads} where tenant_id = $1 and stream_id = $2
            """, tenant, stream))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct)) return Break(last, "the stream's head is missing: no stream_heads row");
            var headVersion = reader.GetInt64(0);
            var lastHash = reader.GetFieldValue<byte[]>(1);
            var mac = HMACSHA256.HashData(key, (byte[])[.. Encoding.UTF8.GetBytes(reader.GetString(3)), .. lastHash]);
            if (!CryptographicOperations.FixedTimeEquals(mac, reader.GetFieldValue<byte[]>(2)))
                return Break(headVersion, $"the stream's head (version {headVersion}) does not carry the service's MAC: events were removed from its end and the head set back, or the head was rewritten");
            if (headVersion > last) return Break(last + 1, $"the head says version {headVersion} but the chain ends at {last} (tail deleted)");
            if (headVersion < last) return Break(headVersion + 1, $"the head says version {headVersion} but the chain goes on to {last}");
            if (!lastHash.AsSpan().SequenceEqual(previous)) return Break(last, "the head's hash differs from the chain's end");
        }
        return null;
    }

    /// <summary>
    /// Verifies one stream on the caller's connection and transaction (repeatable read, so that the rows are one
    /// snapshot) and reports it as the integrity endpoints answer: valid with its event count and head hash, or the
    /// first version that does not check out and why. A stream that has no rows at all is valid and empty.
    /// </summary>
    public async Task<IntegrityReport> ReportAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, Guid stream, CancellationToken ct = default)
    {
        long events;
        long? headVersion;
        byte[]? headHash;
        bool any;
        await using (var cmd = Command(conn, $"""
            select (select count(*) from {schema}.mt_events where tenant_id = $1 and stream_id = $2),
                   (select version from {schema}.{ChainTables.StreamHeads} where tenant_id = $1 and stream_id = $2),
                   (select last_hash from {schema}.{ChainTables.StreamHeads} where tenant_id = $1 and stream_id = $2),
                   exists (select 1 from {schema}.mt_streams where tenant_id = $1 and id = $2)
                   or exists (select 1 from {schema}.{ChainTables.EventHashes} where tenant_id = $1 and stream_id = $2)
            """, tenant, stream))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            events = r.GetInt64(0);
            headVersion = r.IsDBNull(1) ? null : r.GetInt64(1);
            headHash = r.IsDBNull(2) ? null : r.GetFieldValue<byte[]>(2);
            any = events > 0 || headVersion is not null || r.GetBoolean(3);
        }
        if (!any) return new IntegrityReport(true, 0);
        if (await VerifyStreamAsync(conn, tenant, stream, ct) is { } broken)
            return new IntegrityReport(false, (int)events, broken.Version, broken.Reason);
        return new IntegrityReport(true, (int)events, HeadHash: headHash is null ? null : Convert.ToHexStringLower(headHash));
    }

    private static NpgsqlCommand Command(NpgsqlConnection conn, string sql, string tenant, Guid stream)
    {
        var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenant });
        cmd.Parameters.Add(new NpgsqlParameter { Value = stream });
        return cmd;
    }
}
