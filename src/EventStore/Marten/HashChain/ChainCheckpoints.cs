using System.Data;
using Atencion.EventStore.Integrity;
using Atencion.EventStore.Marten.Store;
using Npgsql;

namespace Atencion.EventStore.Marten.HashChain;

/// <summary>Takes a tenant's <see cref="StreamCheckpoint"/> from the chain's stream heads and compares the store with one presented later.</summary>
/// <remarks>
/// A head is the chain's <c>stream_heads</c> row (its version and last hash); the stream's type is the <c>streamType</c>
/// header of its first event. Verifying reads, for each listed stream, <c>mt_streams</c>' version now and the stored
/// event and hash row at the recorded version, in one repeatable-read snapshot.
/// </remarks>
public sealed class ChainCheckpoints(NpgsqlDataSource dataSource, string schema, byte[] key, TimeProvider time)
{
    private readonly string _schema = Identifier.Check(schema);

    /// <summary>Every stream head of the tenant now, under the key's MAC.</summary>
    public async Task<StreamCheckpoint> TakeAsync(TenantId tenant, CancellationToken ct = default)
    {
        var takenAt = EventHash.TruncateToMicros(time.GetUtcNow());
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using var cmd = new NpgsqlCommand($"""
            select h.stream_id, coalesce(e.headers ->> '{MartenMetadata.StreamType}', ''), h.version, h.last_hash
            from {_schema}.{ChainTables.StreamHeads} h
            left join {_schema}.mt_events e on e.tenant_id = h.tenant_id and e.stream_id = h.stream_id and e.version = 1
            where h.tenant_id = $1 order by h.stream_id
            """, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant.Value });
        var heads = new List<CheckpointHead>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                heads.Add(new CheckpointHead(r.GetGuid(0), r.GetString(1), r.GetInt64(2), Convert.ToHexStringLower(r.GetFieldValue<byte[]>(3))));
        heads.Sort((a, b) => a.StreamId.CompareTo(b.StreamId));
        return new StreamCheckpoint(tenant.Value, takenAt, heads, StreamCheckpoint.ComputeMac(key, tenant.Value, takenAt, heads));
    }

    /// <summary>Whether the checkpoint is this service's for the tenant and every stream it lists still holds, unchanged, what it recorded.</summary>
    public async Task<CheckpointReport> VerifyAsync(TenantId tenant, StreamCheckpoint checkpoint, CancellationToken ct = default)
    {
        if (checkpoint.Tenant != tenant.Value || !checkpoint.IsAuthentic(key))
            return new CheckpointReport(false, false, checkpoint.Heads?.Count ?? 0, []);
        var heads = checkpoint.Heads;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using var cmd = new NpgsqlCommand($"""
            select c.ord, s.version, case when e.seq_id is not null then h.hash end
            from unnest($2::uuid[], $3::bigint[]) with ordinality as c(stream_id, version, ord)
            left join {_schema}.mt_streams s on s.tenant_id = $1 and s.id = c.stream_id
            left join {_schema}.mt_events e on e.tenant_id = $1 and e.stream_id = c.stream_id and e.version = c.version
            left join {_schema}.{ChainTables.EventHashes} h on h.tenant_id = $1 and h.stream_id = c.stream_id and h.version = c.version
            order by c.ord
            """, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant.Value });
        cmd.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. heads.Select(h => h.StreamId)] });
        cmd.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. heads.Select(h => h.Version)] });
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
