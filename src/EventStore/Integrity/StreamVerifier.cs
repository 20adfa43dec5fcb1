using System.Data;
using Npgsql;

namespace Atencion.EventStore.Integrity;

/// <summary>Recomputes a stream's keyed hash chain from the stored columns, independently of how the append computed it.</summary>
/// <remarks>
/// The stream row and the events are read in one repeatable-read snapshot, so an append committing meanwhile is
/// either wholly in or wholly out. Checked: each event's link (names the first that does not match), versions without
/// gaps, and the chain's end against the stream's head and version (a removed or rewritten tail).
/// </remarks>
internal static class StreamVerifier
{
    public static async Task<IntegrityReport> VerifyAsync(PostgresEventStore store, TenantId tenant, Guid streamId, CancellationToken ct)
    {
        await using var conn = await store.DataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        long? streamVersion = null;
        byte[] head = [];
        await using (var s = new NpgsqlCommand("select version, last_hash from atencion.streams where tenant_id = @t and stream_id = @s", conn, tx))
        {
            s.Parameters.AddWithValue("t", tenant.Value);
            s.Parameters.AddWithValue("s", streamId);
            await using var r = await s.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct)) (streamVersion, head) = (r.GetInt64(0), r.GetFieldValue<byte[]>(1));
        }

        await using var cmd = new NpgsqlCommand("""
            select version, event_type, recorded_at, data::text, metadata::text, hash
            from atencion.events where tenant_id = @tenant and stream_id = @stream order by version
            """, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter<string>("tenant", tenant.Value));
        cmd.Parameters.Add(new NpgsqlParameter<Guid>("stream", streamId));
        await using var reader = await cmd.ExecuteReaderAsync(ct);

        var key = store.Options.ChainKey;
        byte[] previous = [];
        var count = 0;
        IntegrityReport? broken = null;
        while (await reader.ReadAsync(ct))
        {
            count++;
            if (broken is not null) continue;
            var version = reader.GetInt64(0);
            if (version != count)
            {
                broken = new(false, 0, count, $"version {count} is missing (found {version})");
                continue;
            }
            var canonical = EventHash.CanonicalText(tenant.Value, streamId, version, reader.GetString(1),
                EventHash.ToMicros(reader.GetFieldValue<DateTimeOffset>(2)), reader.GetString(3), reader.GetString(4));
            var expected = EventHash.Compute(key, previous, canonical);
            var stored = reader.GetFieldValue<byte[]>(5);
            if (!expected.AsSpan().SequenceEqual(stored))
                broken = new(false, 0, version, "content does not match its hash, or the chain to the previous event is broken");
            previous = stored;
        }

        if (broken is not null) return broken with { Events = count };
        if (streamVersion is { } v && v != count)
            return new(false, count, Math.Min(v, count) + 1, $"the stream is at version {v} but {count} events are stored");
        if (streamVersion is not null && !previous.AsSpan().SequenceEqual(head))
            return new(false, count, count, "the last event's hash is not the stream's recorded head");
        return new(true, count, HeadHash: Convert.ToHexStringLower(previous));
    }
}
