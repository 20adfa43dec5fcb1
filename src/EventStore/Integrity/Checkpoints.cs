using System.Data;
using Npgsql;

namespace Atencion.EventStore.Integrity;

/// <summary>Takes a tenant's <see cref="StreamCheckpoint"/> and compares the store with one presented later.</summary>
internal static class Checkpoints
{
    public static async Task<StreamCheckpoint> TakeAsync(PostgresEventStore store, TenantId tenant, CancellationToken ct)
    {
        var takenAt = EventHash.TruncateToMicros(store.Options.Time.GetUtcNow());
        await using var conn = await store.DataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using var cmd = new NpgsqlCommand("""
            select stream_id, stream_type, version, last_hash from atencion.streams where tenant_id = @t order by stream_id
            """, conn, tx);
        cmd.Parameters.AddWithValue("t", tenant.Value);
        var heads = new List<CheckpointHead>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                heads.Add(new CheckpointHead(r.GetGuid(0), r.GetString(1), r.GetInt64(2), Convert.ToHexStringLower(r.GetFieldValue<byte[]>(3))));
        heads.Sort((a, b) => a.StreamId.CompareTo(b.StreamId));
        return new StreamCheckpoint(tenant.Value, takenAt, heads, StreamCheckpoint.ComputeMac(store.Options.ChainKey, tenant.Value, takenAt, heads));
    }

    public static async Task<CheckpointReport> VerifyAsync(PostgresEventStore store, TenantId tenant, StreamCheckpoint checkpoint, CancellationToken ct)
    {
        if (checkpoint.Tenant != tenant.Value || !checkpoint.IsAuthentic(store.Options.ChainKey))
            return new CheckpointReport(false, false, checkpoint.Heads?.Count ?? 0, []);
        var heads = checkpoint.Heads;
        await using var conn = await store.DataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using var cmd = new NpgsqlCommand("""
            select c.ord, s.version, e.hash
            from unnest(@ids::uuid[], @versions::bigint[]) with ordinality as c(stream_id, version, ord)
            left join atencion.streams s on s.tenant_id = @t and s.stream_id = c.stream_id
            left join atencion.events e on e.tenant_id = @t and e.stream_id = c.stream_id and e.version = c.version
            order by c.ord
            """, conn, tx);
        cmd.Parameters.AddWithValue("t", tenant.Value);
        cmd.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", heads.Select(h => h.StreamId).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("versions", heads.Select(h => h.Version).ToArray()));
        var findings = new List<CheckpointFinding>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                var head = heads[(int)r.GetInt64(0) - 1];
                long? current = r.IsDBNull(1) ? null : r.GetInt64(1);
                var hash = r.IsDBNull(2) ? null : Convert.ToHexStringLower(r.GetFieldValue<byte[]>(2));
                var reason = (current, hash) switch
                {
                    (null, null) => "the stream is gone: no head and no event at the recorded version",
                    (null, _) => "the stream's head is missing",
                    ({ } v, _) when v < head.Version => $"the stream went back from version {head.Version} to {v}",
                    (_, null) => $"the event at version {head.Version} is missing",
                    _ when !string.Equals(hash, head.HeadHash, StringComparison.OrdinalIgnoreCase) => $"the event at version {head.Version} has another hash than the checkpoint recorded",
                    _ => null,
                };
                if (reason is not null) findings.Add(new CheckpointFinding(head.StreamId, head.Version, current, reason));
            }
        return new CheckpointReport(findings.Count == 0, true, heads.Count, findings);
    }
}
