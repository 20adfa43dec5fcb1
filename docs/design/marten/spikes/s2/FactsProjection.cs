using System.Text.Json;
using JasperFx.Events;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql.Tables;

namespace Spike;

public record Opened(string Title);
public record Noted(int Amount);
public record Purged;

/// <summary>A stand-in for CaseFacts / CaseSearch: one row per (tenant, stream), folded from the previous row read in the
/// daemon's transaction plus the batch's events; Purged deletes the row.</summary>
public sealed class FactsProjection(string name, string schema) : ISqlProjection
{
    public static volatile bool CrashAfterWrite;   // Environment.FailFast after writing, before COMMIT
    public static volatile bool ThrowAfterWrite;   // throw after writing, before COMMIT
    public static volatile int SlowMs;             // sleep inside the transaction after writing
    public static string Node = Environment.GetEnvironmentVariable("S2_NODE") ?? "main";
    public static int Applied;                     // how many times a participant ran

    public string Name => name;
    public string Table => $"{schema}.facts";

    public IReadOnlyList<Table> Tables { get; } = [BuildTable(schema)];

    private static Table BuildTable(string schema)
    {
        var t = new Table($"{schema}.facts");
        t.AddColumn<string>("tenant_id").NotNull().AsPrimaryKey();
        t.AddColumn<Guid>("stream_id").NotNull().AsPrimaryKey();
        t.AddColumn<long>("version").NotNull();
        t.AddColumn<long>("last_seq").NotNull();
        t.AddColumn<int>("event_count").NotNull();
        t.AddColumn<long>("total").NotNull();
        t.AddColumn<string>("title");
        t.AddColumn("opened_at", "timestamptz");
        t.AddColumn("updated_at", "timestamptz").NotNull();
        t.AddColumn("headers", "jsonb");
        t.AddColumn<string>("correlation_id");
        t.AddColumn<string>("applied_by");
        t.Indexes.Add(new IndexDefinition($"ix_{schema}_facts_updated") { Columns = ["tenant_id", "updated_at"] });
        t.Indexes.Add(new IndexDefinition($"ix_{schema}_facts_big") { Columns = ["tenant_id", "total"], Predicate = "total > 100" });
        return t;
    }

    private sealed record Row(long Version, long LastSeq, int Count, long Total, string? Title, DateTimeOffset? OpenedAt,
        DateTimeOffset UpdatedAt, string? Headers, string? Correlation);

    public async Task ApplyAsync(IReadOnlyList<IEvent> events, NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        Interlocked.Increment(ref Applied);
        var tenant = events[0].TenantId;
        if (events.Any(e => e.TenantId != tenant)) throw new InvalidOperationException("mixed tenants in one call");
        var ids = events.Select(e => e.StreamId).Distinct().ToArray();

        // 1. read the current rows of the touched streams IN the daemon's transaction
        var rows = new Dictionary<Guid, Row?>();
        await using (var load = new NpgsqlCommand($"""
            select stream_id, version, last_seq, event_count, total, title, opened_at, updated_at, headers::text, correlation_id
            from {Table} where tenant_id = @t and stream_id = any(@ids)
            """, conn, tx))
        {
            load.Parameters.AddWithValue("t", tenant);
            load.Parameters.AddWithValue("ids", ids);
            await using var r = await load.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                rows[r.GetGuid(0)] = new Row(r.GetInt64(1), r.GetInt64(2), r.GetInt32(3), r.GetInt64(4), r.IsDBNull(5) ? null : r.GetString(5),
                    r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6), r.GetFieldValue<DateTimeOffset>(7), r.IsDBNull(8) ? null : r.GetString(8),
                    r.IsDBNull(9) ? null : r.GetString(9));
        }

        // 2. fold in memory (idempotent: an event at or below the row's version is ignored)
        foreach (var e in events)
        {
            var cur = rows.GetValueOrDefault(e.StreamId);
            if (cur is not null && e.Version <= cur.Version) continue;
            var headers = e.Headers is { Count: > 0 } h ? JsonSerializer.Serialize(h) : null;
            rows[e.StreamId] = e.Data switch
            {
                Purged => null,
                Opened o => new Row(e.Version, e.Sequence, (cur?.Count ?? 0) + 1, cur?.Total ?? 0, o.Title, e.Timestamp, e.Timestamp, headers, e.CorrelationId),
                Noted n => new Row(e.Version, e.Sequence, (cur?.Count ?? 0) + 1, (cur?.Total ?? 0) + n.Amount, cur?.Title, cur?.OpenedAt, e.Timestamp, headers, e.CorrelationId),
                _ => cur,
            };
        }

        // 3. write: upsert survivors, delete purged
        var keep = rows.Where(kv => kv.Value is not null).ToList();
        var gone = rows.Where(kv => kv.Value is null).Select(kv => kv.Key).ToArray();
        await using (var save = new NpgsqlCommand($"""
            delete from {Table} where tenant_id = @t and stream_id = any(@gone);
            insert into {Table} (tenant_id, stream_id, version, last_seq, event_count, total, title, opened_at, updated_at, headers, correlation_id, applied_by)
            select @t, u.id, u.v, u.s, u.c, u.tot, u.title, u.oa, u.ua, u.h::jsonb, u.corr, @node
            from unnest(@ids, @vs, @ss, @cs, @tots, @titles, @oas, @uas, @hs, @corrs) as u(id, v, s, c, tot, title, oa, ua, h, corr)
            on conflict (tenant_id, stream_id) do update set version = excluded.version, last_seq = excluded.last_seq,
              event_count = excluded.event_count, total = excluded.total, title = excluded.title, opened_at = excluded.opened_at,
              updated_at = excluded.updated_at, headers = excluded.headers, correlation_id = excluded.correlation_id, applied_by = excluded.applied_by
            """, conn, tx))
        {
            var p = save.Parameters;
            p.AddWithValue("t", tenant);
            p.AddWithValue("node", Node);
            p.AddWithValue("gone", gone);
            p.AddWithValue("ids", keep.Select(k => k.Key).ToArray());
            p.AddWithValue("vs", keep.Select(k => k.Value!.Version).ToArray());
            p.AddWithValue("ss", keep.Select(k => k.Value!.LastSeq).ToArray());
            p.AddWithValue("cs", keep.Select(k => k.Value!.Count).ToArray());
            p.AddWithValue("tots", keep.Select(k => k.Value!.Total).ToArray());
            p.Add(new NpgsqlParameter("titles", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = keep.Select(k => (object?)k.Value!.Title ?? DBNull.Value).ToArray() });
            p.Add(new NpgsqlParameter("oas", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = keep.Select(k => k.Value!.OpenedAt is { } d ? (object)d.ToUniversalTime() : DBNull.Value).ToArray() });
            p.Add(new NpgsqlParameter("uas", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = keep.Select(k => (object)k.Value!.UpdatedAt.ToUniversalTime()).ToArray() });
            p.Add(new NpgsqlParameter("hs", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = keep.Select(k => (object?)k.Value!.Headers ?? DBNull.Value).ToArray() });
            p.Add(new NpgsqlParameter("corrs", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = keep.Select(k => (object?)k.Value!.Correlation ?? DBNull.Value).ToArray() });
            await save.ExecuteNonQueryAsync(ct);
        }

        if (SlowMs > 0) await Task.Delay(SlowMs, ct);
        if (ThrowAfterWrite) throw new InvalidOperationException($"S2 boom after writing {keep.Count} rows in {name}");
        if (CrashAfterWrite)
        {
            Console.WriteLine($"[{name}] wrote {keep.Count} rows for seq {events[0].Sequence}..{events[^1].Sequence} in the daemon tx; FailFast now");
            Console.Out.Flush();
            Environment.FailFast("S2 crash mid-batch");
        }
    }
}
