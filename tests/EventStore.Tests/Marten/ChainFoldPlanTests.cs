using System.Text.RegularExpressions;
using Atencion.EventStore.Marten.HashChain;
using Npgsql;

namespace Atencion.EventStore.Tests.Marten;

/// <summary>
/// The chain's fold runs on every append as a prepared statement, and PostgreSQL keeps a prepared statement's generic
/// plan for the connection's life (until the tables are analyzed). A plan made while the tables are new and empty must
/// still probe the indexes: a sequential scan of <c>mt_events</c> made each append of a bench round scan the whole log
/// (a tenth of the throughput, until autovacuum analyzed the table). The fold of many events is a PL/pgSQL function
/// (<see cref="ChainFoldFunction"/>), whose statements PL/pgSQL prepares and keeps the same way.
/// </summary>
public sealed partial class ChainFoldPlanTests(StoreFixture f) : IClassFixture<StoreFixture>
{
    [Theory]
    [InlineData("one event")]
    [InlineData("many events")]
    public async Task The_folds_generic_plan_on_new_tables_reads_the_log_and_the_heads_by_index(string which)
    {
        var fold = new ChainFold("atencion_es", f.ChainKey);
        var plan = which == "one event" ? await GenericPlanAsync(fold.SingleSql) : await GenericPlansInsideTheFunctionAsync();

        Assert.Contains("pk_mt_events_stream_and_version", plan);
        foreach (var table in new[] { "mt_events", "mt_streams", ChainTables.EventHashes, ChainTables.StreamHeads })
            Assert.DoesNotMatch($@"Seq Scan on {table}\b", plan);
        // Each probe goes straight to the stream: its index condition names the tenant and the stream, not just a version
        // (which walks the whole index, every stream's events).
        var lines = plan.Split('\n');
        var probes = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (!IndexProbe().IsMatch(lines[i])) continue;
            probes++;
            var condition = lines.Skip(i + 1).First(l => l.Contains("Index Cond:"));
            Assert.True(condition.Contains("tenant_id") && condition.Contains("stream_id"), $"{lines[i].Trim()} probes by {condition.Trim()}\n{plan}");
        }
        Assert.True(probes >= 2, plan);
    }

    [Fact]
    public async Task The_tables_have_never_been_analyzed_when_the_plan_is_made()
    {
        // The case the other test is about: no statistics, so the planner guesses the tables' sizes.
        await using var conn = new NpgsqlConnection(f.Db.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select count(*) from pg_stat_user_tables where schemaname = 'atencion_es' and relname in ('mt_events', 'event_hashes', 'stream_heads') and coalesce(last_analyze, last_autoanalyze) is null",
            conn);
        Assert.Equal(3L, await cmd.ExecuteScalarAsync());
    }

    private async Task<string> GenericPlanAsync(string sql)
    {
        var n = 0;
        var numbered = Placeholder().Replace(sql, _ => "$" + ++n);
        Assert.Equal(4, n);
        await using var conn = new NpgsqlConnection(f.Db.AdminConnectionString);
        await conn.OpenAsync();
        await using (var set = new NpgsqlCommand($"set plan_cache_mode = force_generic_plan; prepare fold(bytea, bytea, varchar, uuid) as {numbered}", conn))
            await set.ExecuteNonQueryAsync();
        await using var explain = new NpgsqlCommand("explain execute fold('\\x00', '\\x00', 't', gen_random_uuid())", conn);
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join('\n', lines);
    }

    /// <summary>
    /// The plans of the five statements the fold function runs on a stream with three events above its head (the head's
    /// read, the walk up the stream, the links' insert, the head's upsert, the rows returned), as auto_explain logs them:
    /// PL/pgSQL prepares its statements too, and keeps their generic plans the same way. The events are written and the
    /// fold run in a transaction that is rolled back, so the tables stay never analyzed.
    /// </summary>
    private async Task<string> GenericPlansInsideTheFunctionAsync()
    {
        await using var conn = new NpgsqlConnection(f.Db.AdminConnectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var stream = Guid.NewGuid();
        await using (var events = new NpgsqlCommand(
            $$"""
            insert into atencion_es.mt_streams (tenant_id, id, type, version) values ('t', '{{stream}}', 'plan', 3);
            insert into atencion_es.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id)
            select nextval('atencion_es.mt_events_sequence'), gen_random_uuid(), '{{stream}}', v, '{}', 'plan', now(), 't'
            from generate_series(1, 3) v;
            """, conn, tx))
            await events.ExecuteNonQueryAsync();
        var notices = new List<string>();
        conn.Notice += (_, e) => notices.Add(e.Notice.MessageText);
        await using (var set = new NpgsqlCommand(
            """
            load 'auto_explain';
            set local auto_explain.log_min_duration = 0;
            set local auto_explain.log_nested_statements = on;
            set local auto_explain.log_level = notice;
            set local client_min_messages = notice;
            set local plan_cache_mode = force_generic_plan;
            """, conn, tx))
            await set.ExecuteNonQueryAsync();
        await using (var call = new NpgsqlCommand(
            $"select count(*) from atencion_es.{ChainFoldFunction.Name}('\\x00', '\\x00', 't', '{stream}')", conn, tx))
            Assert.Equal(3L, await call.ExecuteScalarAsync());
        await tx.RollbackAsync();
        var nested = notices.Where(n => n.Contains("mt_events") || n.Contains(ChainTables.StreamHeads) || n.Contains(ChainTables.EventHashes)).ToList();
        Assert.True(nested.Count == 5, string.Join("\n---\n", notices));
        return string.Join('\n', nested);
    }

    [GeneratedRegex(@"Index (Only )?Scan using \S+ on (mt_events|stream_heads|event_hashes)\b")]
    private static partial Regex IndexProbe();

    [GeneratedRegex(@"\?")]
    private static partial Regex Placeholder();
}
