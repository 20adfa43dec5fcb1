using Npgsql;

namespace Atencion.EventStore.Integrity;

/// <summary>Recomputes a stream's hash chain from the stored columns, independently of how the append computed it.</summary>
internal static class StreamVerifier
{
    public static async Task<IntegrityReport> VerifyAsync(PostgresEventStore store, TenantId tenant, Guid streamId, CancellationToken ct)
    {
        var state = await store.FetchStreamStateAsync(tenant, streamId, ct);
        await using var cmd = store.DataSource.CreateCommand("""
            select version, event_type, recorded_at, data::text, metadata::text, hash
            from atencion.events where tenant_id = @tenant and stream_id = @stream order by version
            """);
        cmd.Parameters.Add(new NpgsqlParameter<string>("tenant", tenant.Value));
        cmd.Parameters.Add(new NpgsqlParameter<Guid>("stream", streamId));
        await using var reader = await cmd.ExecuteReaderAsync(ct);

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
            var expected = EventHash.Compute(previous, canonical);
            var stored = reader.GetFieldValue<byte[]>(5);
            if (!expected.AsSpan().SequenceEqual(stored))
                broken = new(false, 0, version, "content does not match its hash, or the chain to the previous event is broken");
            previous = stored;
        }

        if (broken is not null) return broken with { Events = count };
        if (state is not null && state.Version != count)
            return new(false, count, count + 1, $"the stream is at version {state.Version} but only {count} events are stored");
        return new(true, count);
    }
}
