using System.Security.Cryptography;
using System.Text;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Marten.Services;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Spike;

/// <summary>Keyed hash chain over Marten's stored mt_events rows, kept in side tables. The key stays in the process; SQL gets only its HMAC pads.</summary>
public sealed class HashChain
{
    public const string Schema = "atencion_es";
    private readonly byte[] _key;
    public byte[] Inner { get; }
    public byte[] Outer { get; }

    public HashChain(byte[] key)
    {
        _key = key;
        var k = key.Length > 64 ? SHA256.HashData(key) : key;
        Inner = new byte[64];
        Outer = new byte[64];
        for (var i = 0; i < 64; i++)
        {
            var b = i < k.Length ? k[i] : (byte)0;
            Inner[i] = (byte)(b ^ 0x36);
            Outer[i] = (byte)(b ^ 0x5c);
        }
    }

    /// <summary>The canonical text of a stored event, computed in SQL from its columns (alias e). jsonb_build_array makes it unambiguous.</summary>
    public const string Canon = """
        jsonb_build_array('es1', e.tenant_id, e.stream_id, e.version, e.seq_id, e.id, e.type, e.mt_dotnet_type,
            (extract(epoch from e.timestamp) * 1000000)::bigint, e.correlation_id, e.causation_id, e.user_name,
            e.headers, e.data, e.bdata)::text
        """;

    public const string HeadCanon = "jsonb_build_array('es1-head', {0}, {1}, {2})::text";

    /// <summary>
    /// Hashes every event of one stream above the stored head, in version order, and moves the head.
    /// One statement; parameters as '?' (Marten QueueSqlCommand style): ipad, opad, tenant, stream.
    /// </summary>
    public static readonly string FoldSql = $"""
        with recursive
        p as (select ?::bytea as ipad, ?::bytea as opad, ?::varchar as t, ?::uuid as s),
        head as (
            select coalesce(h.version, 0) as v, coalesce(h.last_hash, ''::bytea) as h
            from p left join {Schema}.stream_heads h on h.tenant_id = p.t and h.stream_id = p.s),
        ev as (
            select e.seq_id, e.version, sha256(convert_to({Canon}, 'UTF8')) as d
            from {Schema}.mt_events e, p, head
            where e.tenant_id = p.t and e.stream_id = p.s and e.version > head.v),
        chain as (
            select ev.seq_id, ev.version, sha256(p.opad || sha256(p.ipad || head.h || ev.d)) as hash
            from ev, head, p where ev.version = head.v + 1
            union all
            select ev.seq_id, ev.version, sha256(p.opad || sha256(p.ipad || c.hash || ev.d))
            from chain c join ev on ev.version = c.version + 1 cross join p),
        ins as (
            insert into {Schema}.event_hashes (seq_id, tenant_id, stream_id, version, hash)
            select c.seq_id, p.t, p.s, c.version, c.hash from chain c, p
            returning version, hash),
        top as (select version, hash from ins order by version desc limit 1)
        insert into {Schema}.stream_heads as sh (tenant_id, stream_id, version, last_hash, head_mac)
        select p.t, p.s, top.version, top.hash,
               sha256(p.opad || sha256(p.ipad || convert_to({string.Format(HeadCanon, "p.t", "p.s", "top.version")}, 'UTF8') || top.hash))
        from top, p
        on conflict (tenant_id, stream_id) do update
            set version = excluded.version, last_hash = excluded.last_hash, head_mac = excluded.head_mac
        """;

    public object[] FoldArgs(string tenant, Guid stream) => [Inner, Outer, tenant, stream];

    /// <summary>The side tables, as Weasel objects so that the owner's ApplyAllConfiguredChangesToDatabaseAsync / db-apply creates them.</summary>
    public static IEnumerable<Weasel.Core.ISchemaObject> Tables()
    {
        var hashes = new Table(new PostgresqlObjectName(Schema, "event_hashes"));
        hashes.AddColumn("tenant_id", "varchar").AsPrimaryKey();
        hashes.AddColumn("stream_id", "uuid").AsPrimaryKey();
        hashes.AddColumn("version", "bigint").AsPrimaryKey();
        hashes.AddColumn("seq_id", "bigint").NotNull();
        hashes.AddColumn("hash", "bytea").NotNull();
        yield return hashes;

        var heads = new Table(new PostgresqlObjectName(Schema, "stream_heads"));
        heads.AddColumn("tenant_id", "varchar").AsPrimaryKey();
        heads.AddColumn("stream_id", "uuid").AsPrimaryKey();
        heads.AddColumn("version", "bigint").NotNull();
        heads.AddColumn("last_hash", "bytea").NotNull();
        heads.AddColumn("head_mac", "bytea").NotNull();
        yield return heads;
    }

    /// <summary>Way (a): after SaveChangesAsync on a session bound to our transaction, fold each touched stream on that transaction.</summary>
    public async Task FoldAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenant, IEnumerable<Guid> streams)
    {
        var sql = ToPositional(FoldSql);
        foreach (var s in streams.Distinct())
        {
            await using var cmd = new NpgsqlCommand(sql, conn, tx);
            foreach (var a in FoldArgs(tenant, s)) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
            await cmd.ExecuteNonQueryAsync();
        }
    }

    private static string ToPositional(string sql)
    {
        var sb = new StringBuilder();
        var n = 0;
        foreach (var ch in sql) { if (ch == '?') sb.Append('$').Append(++n); else sb.Append(ch); }
        return sb.ToString();
    }

    // ----------------------------------------------------------------------------------------------------------
    // Verifier: reads the stored columns (canonical text rendered by SQL), recomputes HMACs with the key in C#.

    public async Task<List<string>> VerifyAsync(NpgsqlDataSource ds)
    {
        var problems = new List<string>();
        await using var conn = await ds.OpenConnectionAsync();
        // every (tenant, stream) known to any of the four tables
        var streams = new List<(string T, Guid S)>();
        await using (var cmd = new NpgsqlCommand($"""
            -- Marten's tombstone stream (filler for failed Rich appends: type null, version 0, events of type 'tombstone') is not chained
            select tenant_id, id from {Schema}.mt_streams where not (type is null and version = 0)
            union select tenant_id, stream_id from {Schema}.mt_events where type <> 'tombstone'
            union select tenant_id, stream_id from {Schema}.event_hashes
            union select tenant_id, stream_id from {Schema}.stream_heads
            order by 1, 2
            """, conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) streams.Add((r.GetString(0), r.GetGuid(1)));

        foreach (var (t, s) in streams)
        {
            var p = await VerifyStreamAsync(conn, t, s);
            if (p is not null) problems.Add($"{t}/{s}: {p}");
        }
        return problems;
    }


    public async Task<string?> VerifyStreamAsync(NpgsqlConnection conn, string t, Guid s)
    {
        var rows = new List<(long? Ver, long? Seq, string? Canon, long? HVer, long? HSeq, byte[]? Hash)>();
        await using (var cmd = new NpgsqlCommand($"""
            select e.version, e.seq_id, {Canon}, h.version, h.seq_id, h.hash
            from (select * from {Schema}.mt_events where tenant_id = $1 and stream_id = $2) e
            full join (select * from {Schema}.event_hashes where tenant_id = $1 and stream_id = $2) h on h.version = e.version
            order by coalesce(e.version, h.version)
            """, conn))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = t });
            cmd.Parameters.Add(new NpgsqlParameter { Value = s });
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
                rows.Add((r.IsDBNull(0) ? null : r.GetInt64(0), r.IsDBNull(1) ? null : r.GetInt64(1), r.IsDBNull(2) ? null : r.GetString(2),
                          r.IsDBNull(3) ? null : r.GetInt64(3), r.IsDBNull(4) ? null : r.GetInt64(4), r.IsDBNull(5) ? null : (byte[])r[5]));
        }

        var prev = Array.Empty<byte>();
        long expected = 1;
        foreach (var row in rows)
        {
            var v = row.Ver ?? row.HVer!.Value;
            if (v != expected) return $"version {expected} missing (next stored is {v})";
            if (row.Ver is null) return $"version {v}: hash row without event (event deleted)";
            if (row.Hash is null) return $"version {v}: event without hash row (forged or unhashed)";
            if (row.Seq != row.HSeq) return $"version {v}: seq_id {row.Seq} differs from hashed seq_id {row.HSeq}";
            var link = Link(prev, row.Canon!);
            if (!CryptographicOperations.FixedTimeEquals(link, row.Hash)) return $"version {v}: hash mismatch (event altered or forged)";
            prev = link;
            expected++;
        }
        var last = expected - 1;

        long? streamVersion = null;
        await using (var cmd = new NpgsqlCommand($"select version from {Schema}.mt_streams where tenant_id = $1 and id = $2", conn))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = t });
            cmd.Parameters.Add(new NpgsqlParameter { Value = s });
            streamVersion = (long?)await cmd.ExecuteScalarAsync();
        }
        if (streamVersion != last) return $"mt_streams.version {streamVersion?.ToString() ?? "missing"} but chain ends at {last}";

        await using (var cmd = new NpgsqlCommand($"select version, last_hash, head_mac, {string.Format(HeadCanon, "tenant_id", "stream_id", "version")} from {Schema}.stream_heads where tenant_id = $1 and stream_id = $2", conn))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = t });
            cmd.Parameters.Add(new NpgsqlParameter { Value = s });
            await using var r = await cmd.ExecuteReaderAsync();
            if (!await r.ReadAsync()) return "no stream head";
            var hv = r.GetInt64(0);
            var lastHash = (byte[])r[1];
            var mac = (byte[])r[2];
            var text = r.GetString(3);
            var msg = Encoding.UTF8.GetBytes(text).Concat(lastHash).ToArray();
            if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, msg), mac)) return "stream head MAC invalid";
            if (hv != last) return $"head says version {hv} but chain ends at {last} (tail deleted?)";
            if (!lastHash.AsSpan().SequenceEqual(prev)) return $"head hash differs from chain end at {last}";
        }
        return null;
    }

    public byte[] Link(byte[] prev, string canon)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(canon));
        return HMACSHA256.HashData(_key, prev.Concat(digest).ToArray());
    }
}

/// <summary>Way (b): an inline projection that queues the fold per touched stream; it runs in the append's batch/transaction.</summary>
public sealed class HashChainProjection(HashChain chain) : IProjection
{
    public Task ApplyAsync(IDocumentOperations ops, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        foreach (var g in events.GroupBy(e => (e.TenantId, e.StreamId)))
            ops.QueueSqlCommand(HashChain.FoldSql, chain.FoldArgs(g.Key.TenantId, g.Key.StreamId));
        return Task.CompletedTask;
    }
}

/// <summary>Way (c): a session listener that queues the fold in BeforeSaveChangesAsync.</summary>
public sealed class HashChainListener(HashChain chain) : DocumentSessionListenerBase
{
    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        foreach (var s in session.PendingChanges.Streams())
            session.QueueSqlCommand(HashChain.FoldSql, chain.FoldArgs(s.TenantId, s.Id));
        return Task.CompletedTask;
    }
}
