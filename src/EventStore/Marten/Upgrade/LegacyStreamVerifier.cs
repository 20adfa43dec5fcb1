using System.Data;
using Npgsql;

using Atencion.EventStore.Integrity;

namespace Atencion.EventStore.Marten.Upgrade;

/// <summary>Recomputes a stream's keyed hash chain in the log of the store before Marten (<c>atencion.events</c>), which the upgrade verifies before it copies.</summary>
/// <remarks>
/// The stream row and the events are read in one repeatable-read snapshot, so an append committing meanwhile is
/// either wholly in or wholly out. Checked: each event's link under the scheme it records (names the first that does
/// not match), that no event claims the legacy scheme after a scheme-2 event or above the legacy boundary, versions
/// without gaps, that events have a head and a head has events, the chain's end against the head's version and hash
/// (a removed or rewritten tail), and the head's MAC (a tail removed with the head set back).
/// </remarks>
internal static class LegacyStreamVerifier
{
    public static async Task<IntegrityReport> VerifyAsync(
        byte[] key, NpgsqlConnection conn, NpgsqlTransaction? tx, TenantId tenant, Guid streamId, CancellationToken ct)
    {
        (long Version, byte[] Hash, string Type, byte[]? Mac)? head = null;
        long legacyBoundary = -1;
        await using (var s = new NpgsqlCommand("""
            select version, last_hash, stream_type, head_mac from atencion.streams where tenant_id = @t and stream_id = @s;
            select last_seq from atencion.legacy_hash_boundary where scheme = 1;
            """, conn, tx))
        {
            s.Parameters.AddWithValue("t", tenant.Value);
            s.Parameters.AddWithValue("s", streamId);
            await using var r = await s.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct))
                head = (r.GetInt64(0), r.GetFieldValue<byte[]>(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetFieldValue<byte[]>(3));
            await r.NextResultAsync(ct);
            // Without its boundary row no event may claim the legacy scheme: removing the row raises alarms, never hides one.
            if (await r.ReadAsync(ct)) legacyBoundary = r.GetInt64(0);
        }

        await using var cmd = new NpgsqlCommand("""
            select version, event_type, recorded_at, data::text, metadata::text, hash, hash_scheme, seq, tx_id::text, event_id
            from atencion.events where tenant_id = @tenant and stream_id = @stream order by version
            """, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter<string>("tenant", tenant.Value));
        cmd.Parameters.Add(new NpgsqlParameter<Guid>("stream", streamId));
        await using var reader = await cmd.ExecuteReaderAsync(ct);

        byte[] previous = [];
        var count = 0;
        short lastScheme = 0;
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
            var scheme = reader.GetInt16(6);
            var seq = reader.GetInt64(7);
            string canonical;
            if (scheme == EventHash.LegacyScheme && lastScheme == EventHash.CurrentScheme)
                broken = new(false, 0, version, "the event claims hash scheme 1 after an event of scheme 2: a downgrade");
            else if (scheme == EventHash.LegacyScheme && seq > legacyBoundary)
                broken = new(false, 0, version, $"the event claims hash scheme 1 but was stored after scheme 2 was adopted (seq {seq})");
            else if (scheme is not (EventHash.LegacyScheme or EventHash.CurrentScheme))
                broken = new(false, 0, version, $"the event claims an unknown hash scheme {scheme}");
            if (broken is not null) continue;
            canonical = scheme == EventHash.LegacyScheme
                ? EventHash.CanonicalText(tenant.Value, streamId, version, reader.GetString(1),
                    EventHash.ToMicros(reader.GetFieldValue<DateTimeOffset>(2)), reader.GetString(3), reader.GetString(4))
                : EventHash.CanonicalTextV2(tenant.Value, streamId, version, reader.GetGuid(9), seq, ulong.Parse(reader.GetString(8)),
                    reader.GetString(1), EventHash.ToMicros(reader.GetFieldValue<DateTimeOffset>(2)), reader.GetString(3), reader.GetString(4));
            var expected = EventHash.Compute(key, previous, canonical);
            var stored = reader.GetFieldValue<byte[]>(5);
            if (!expected.AsSpan().SequenceEqual(stored))
                broken = new(false, 0, version, "content does not match its hash, or the chain to the previous event is broken");
            previous = stored;
            lastScheme = scheme;
        }

        if (broken is not null) return broken with { Events = count };
        if (head is not { } h)
            return count == 0
                ? new(true, 0)
                : new(false, count, count, $"the stream's head is missing: {count} events are stored but the stream has no row in atencion.streams");
        if (h.Version != count)
            return new(false, count, Math.Min(h.Version, count) + 1, $"the stream's head is at version {h.Version} but {count} events are stored");
        if (!previous.AsSpan().SequenceEqual(h.Hash))
            return new(false, count, count, "the last event's hash is not the stream's recorded head");
        if (h.Mac is null)
        {
            // Streams untouched since scheme 2 was adopted have no MAC yet; any append since writes one.
            if (lastScheme == EventHash.CurrentScheme)
                return new(false, count, count, "the stream's head carries no MAC although its last event was appended under scheme 2");
        }
        else if (!StreamHeadMac.Compute(key, tenant.Value, streamId, h.Type, h.Version, h.Hash).AsSpan().SequenceEqual(h.Mac))
            return new(false, count, count,
                $"the stream's head (version {h.Version}) does not carry the service's MAC: events were removed from its end and the head set back, or the head was rewritten");
        return new(true, count, HeadHash: Convert.ToHexStringLower(previous));
    }
}
