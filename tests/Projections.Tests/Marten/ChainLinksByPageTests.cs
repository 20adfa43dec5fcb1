using Atencion.Projections.Marten;
using Npgsql;

namespace Atencion.Projections.Tests.Marten;

/// <summary>
/// Every page the daemon hands an async projection reads the pages' chain links by sequence number. With a log of any
/// size that must be an index lookup: the table had no index led by <c>seq_id</c>, so each page scanned every link
/// (a rebuild of a million events read the whole table a thousand times).
/// </summary>
public sealed class ChainLinksByPageTests(ProjectionFixture f) : IClassFixture<ProjectionFixture>
{
    [Fact]
    public async Task A_pages_links_are_read_through_an_index_in_a_large_log()
    {
        await using var conn = new NpgsqlConnection(f.Db.AdminConnectionString);
        await conn.OpenAsync();
        // 200,000 links of 20,000 streams, as a log of that size holds, and the statistics autovacuum would gather.
        await using (var fill = new NpgsqlCommand("""
            insert into atencion_es.event_hashes (seq_id, tenant_id, stream_id, version, hash)
            select 1000000 + n, 'tenant-plan', md5('s' || n / 10)::uuid, n % 10 + 1, sha256(n::text::bytea)
            from generate_series(1, 200000) n;
            analyze atencion_es.event_hashes;
            """, conn))
            await fill.ExecuteNonQueryAsync();

        await using var explain = new NpgsqlCommand("explain " + AsyncProjectionAdapter.LinksSql, conn);
        explain.Parameters.Add(new NpgsqlParameter<long[]>("seqs", [.. Enumerable.Range(150000, 1000).Select(n => 1000000L + n)]));
        var plan = new List<string>();
        await using (var r = await explain.ExecuteReaderAsync())
            while (await r.ReadAsync()) plan.Add(r.GetString(0));

        var text = string.Join('\n', plan);
        Assert.DoesNotContain("Seq Scan on event_hashes", text);
        Assert.Contains("ix_event_hashes_seq", text);
    }
}
