using JasperFx;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace Spike;

/// <summary>Q3: move atencion.events/streams (the hand-made store) into Marten's mt_events/mt_streams with plain SQL.</summary>
public static class Upgrade
{
    // Run by the OWNER, in one transaction, after Marten's schema is applied and the old chains verified.
    public const string CopySql = """
        lock table atencion.streams, atencion.events in exclusive mode;       -- no old-code writer during the copy
        create table atencion_es.legacy_import (                             -- refuses a second run (already exists)
            id int primary key check (id = 1), done_at timestamptz not null default now(),
            streams bigint not null, events bigint not null, last_legacy_seq bigint not null);

        insert into atencion_es.mt_streams (tenant_id, id, type, version, timestamp, created, is_archived)
        select s.tenant_id, s.stream_id,
               case s.stream_type when 'case' then 'case_view' else s.stream_type end,   -- Marten's aggregate alias
               s.version, s.updated_at, s.created_at, s.archived
        from atencion.streams s;

        -- seq_id renumbered 1..N in the old feed's order (tx_id, seq): gap-free, so the daemon's high-water mark
        -- never waits on or records holes; the old seq is kept in a header.
        insert into atencion_es.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id,
                                           mt_dotnet_type, correlation_id, causation_id, headers, user_name, is_archived)
        select row_number() over (order by e.tx_id, e.seq),
               e.event_id, e.stream_id, e.version, e.data, e.event_type, e.recorded_at, e.tenant_id,
               null,                                              -- resolved by the mapped type name
               e.metadata->>'correlationId', e.metadata->>'causationId',
               jsonb_strip_nulls(jsonb_build_object('role', e.metadata->'role', 'channel', e.metadata->'channel',
                                                    'onBehalfOf', e.metadata->'onBehalfOf', 'legacySeq', e.seq)),
               e.metadata->>'userId', s.archived
        from atencion.events e join atencion.streams s using (tenant_id, stream_id);

        select setval('atencion_es.mt_events_sequence', (select coalesce(max(seq_id), 1) from atencion_es.mt_events),
                      (select count(*) > 0 from atencion_es.mt_events));

        insert into atencion_es.legacy_import (id, streams, events, last_legacy_seq)
        select 1, (select count(*) from atencion.streams), (select count(*) from atencion.events),
               (select coalesce(max(seq), 0) from atencion.events);
        """;

    // Lossless check: every old event has a new twin with the same values (0 rows expected).
    public const string DiffSql = """
        select count(*) from atencion.events e
        full join atencion_es.mt_events m on m.tenant_id = e.tenant_id and m.stream_id = e.stream_id and m.version = e.version
        where m.seq_id is null or e.seq is null or m.id <> e.event_id or m.data <> e.data or m.type <> e.event_type
           or m.timestamp <> e.recorded_at or m.correlation_id is distinct from e.metadata->>'correlationId'
           or m.causation_id is distinct from e.metadata->>'causationId' or m.user_name is distinct from e.metadata->>'userId'
           or (m.headers->>'role') is distinct from e.metadata->>'role'
           or (m.headers->>'channel') is distinct from e.metadata->>'channel'
           or (m.headers->>'onBehalfOf') is distinct from e.metadata->>'onBehalfOf'
        """;

    public static async Task RunAsync()
    {
        // 1. copy + new chain, as the owner, one transaction
        await using (var conn = new NpgsqlConnection(StoreSetup.Owner))
        {
            await conn.OpenAsync();
            await using var tx = await conn.BeginTransactionAsync();
            try
            {
                await new NpgsqlCommand(CopySql, conn, tx).ExecuteNonQueryAsync();
            }
            catch (PostgresException e)
            {
                Console.WriteLine($"upgrade refused: {e.SqlState}: {e.MessageText}");
                return;
            }
            var diff = (long)(await new NpgsqlCommand(DiffSql, conn, tx).ExecuteScalarAsync())!;
            Console.WriteLine($"copied; lossless check mismatches: {diff}");
            if (diff != 0) { await tx.RollbackAsync(); return; }
            var streams = new List<(string, Guid)>();
            await using (var r = await new NpgsqlCommand("select tenant_id, id from atencion_es.mt_streams where type is not null order by 1, 2", conn, tx).ExecuteReaderAsync())
                while (await r.ReadAsync()) streams.Add((r.GetString(0), r.GetGuid(1)));
            var sw = System.Diagnostics.Stopwatch.StartNew();
            foreach (var g in streams.GroupBy(x => x.Item1))
                await StoreSetup.Chain.FoldAsync(conn, tx, g.Key, g.Select(x => x.Item2));
            Console.WriteLine($"new chain folded for {streams.Count} streams in {sw.ElapsedMilliseconds} ms");
            await tx.CommitAsync();
        }

        await using (var ds = NpgsqlDataSource.Create(StoreSetup.Service))
        {
            var problems = await StoreSetup.Chain.VerifyAsync(ds);
            Console.WriteLine(problems.Count == 0 ? "new chain VERIFY OK" : "new chain VERIFY FAILED:\n  " + string.Join("\n  ", problems));
        }

        // 2. the serving role reads and appends through Marten
        var a = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001");
        var b = Guid.Parse("bbbbbbbb-0000-0000-0000-000000000002");
        var c = Guid.Parse("cccccccc-0000-0000-0000-000000000003");
        using var store = StoreSetup.Build(StoreSetup.Service, AutoCreate.None, "b");
        foreach (var t in new[] { "t1", "t2" })
        {
            await using var q = store.QuerySession(t);
            var evs = await q.Events.FetchStreamAsync(a);
            foreach (var e in evs)
                Console.WriteLine($"  {t} v{e.Version} seq{e.Sequence} {e.EventTypeName} {e.Data.GetType().Name} {System.Text.Json.JsonSerializer.Serialize(e.Data)} at {e.Timestamp:O} user={e.UserName} corr={e.CorrelationId?[..8]} cause={e.CausationId?[..8]} headers={string.Join(",", e.Headers?.Select(h => h.Key + "=" + h.Value) ?? [])}");
            var agg = await q.Events.AggregateStreamAsync<CaseView>(a);
            Console.WriteLine($"  {t} AggregateStreamAsync<CaseView>: subject={agg?.Subject} notes={agg?.Notes}");
        }
        await using (var q = store.QuerySession("t1"))
        {
            try
            {
                var evs = await q.Events.FetchStreamAsync(b);
                Console.WriteLine($"  stream with an unmapped type name: {string.Join(", ", evs.Select(e => $"v{e.Version} {e.EventTypeName}:{e.Data?.GetType().Name}"))}");
            }
            catch (Exception e) { Console.WriteLine($"  stream with an unmapped type name: {e.GetType().Name}: {e.Message.Split('\n')[0]}"); }
            var state = await q.Events.FetchStreamStateAsync(c);
            Console.WriteLine($"  archived stream state: version={state?.Version} archived={state?.IsArchived} type={state?.AggregateType?.Name}");
        }
        await using (var s = store.LightweightSession("t1"))
        {
            var w = await s.Events.FetchForWriting<CaseView>(a);
            Console.WriteLine($"  FetchForWriting t1/a: version {w.CurrentVersion} aggregate notes={w.Aggregate?.Notes}");
            w.AppendOne(new NoteAdded("after upgrade"));
            s.SetHeader("role", "advisor");
            await s.SaveChangesAsync();
        }
        try
        {
            await using var s = store.LightweightSession("t1");
            s.Events.Append(c, new NoteAdded("to archived"));
            await s.SaveChangesAsync();
            Console.WriteLine("  !! append to archived migrated stream accepted");
        }
        catch (Exception e) { Console.WriteLine($"  append to archived migrated stream refused: {e.GetType().Name}"); }
        await using (var ds = NpgsqlDataSource.Create(StoreSetup.Service))
        {
            var problems = await StoreSetup.Chain.VerifyAsync(ds);
            Console.WriteLine(problems.Count == 0 ? "after a new append: VERIFY OK" : "after a new append: VERIFY FAILED:\n  " + string.Join("\n  ", problems));
        }
        await using (var conn = new NpgsqlConnection(StoreSetup.Service))
        {
            await conn.OpenAsync();
            var r = await new NpgsqlCommand("select seq_id, version, headers::text from atencion_es.mt_events where stream_id = 'aaaaaaaa-0000-0000-0000-000000000001' and tenant_id = 't1' order by version desc limit 1", conn).ExecuteReaderAsync();
            await r.ReadAsync();
            Console.WriteLine($"  new event: seq {r.GetInt64(0)} version {r.GetInt64(1)} headers {r.GetString(2)}");
        }

        // 3. projections: the async daemon projects the migrated events; the inline doc is rebuilt (by the owner)
        using (var daemon = await store.BuildProjectionDaemonAsync(logger: StoreSetup.Logs.CreateLogger("daemon")))
        {
            await daemon.StartAllAsync();
            try { await daemon.WaitForNonStaleData(TimeSpan.FromSeconds(30)); }
            catch (Exception e) { Console.WriteLine($"  daemon wait failed: {e.GetType().Name}"); }
            await daemon.StopAllAsync();
        }
        using (var ownerStore = StoreSetup.Build(StoreSetup.Owner, AutoCreate.None, "b"))
        using (var daemon = await ownerStore.BuildProjectionDaemonAsync(logger: StoreSetup.Logs.CreateLogger("daemon")))
            await daemon.RebuildProjectionAsync<CaseViewProjection>(TimeSpan.FromSeconds(30), CancellationToken.None);
        await using (var conn = new NpgsqlConnection(StoreSetup.Service))
        {
            await conn.OpenAsync();
            await using var r = await new NpgsqlCommand("""
                select (select count(*) from atencion_es.mt_doc_casestats), (select count(*) from atencion_es.mt_doc_caseview),
                       (select string_agg(name || '=' || last_seq_id, ', ' order by name) from atencion_es.mt_event_progression),
                       (select count(*) from atencion_es.mt_high_water_skips), (select max(seq_id) from atencion_es.mt_events)
                """, conn).ExecuteReaderAsync();
            await r.ReadAsync();
            Console.WriteLine($"  docs: CaseStats {r.GetInt64(0)}, CaseView {r.GetInt64(1)}; progression: {r.GetString(2)}; high-water skips {r.GetInt64(3)}; max seq {r.GetInt64(4)}");
        }
        await using (var q = store.QuerySession("t2"))
        {
            var st = await q.LoadAsync<CaseStats>(a);
            var v = await q.LoadAsync<CaseView>(a);
            Console.WriteLine($"  t2/a CaseStats events={st?.Events} lastNote={st?.LastNote}; CaseView subject={v?.Subject} notes={v?.Notes}");
        }
    }
}
