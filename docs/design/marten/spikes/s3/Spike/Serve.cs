using JasperFx;
using JasperFx.Events;
using Marten;
using Npgsql;
using Marten.Services;

namespace Spike;

public static class Serve
{
    static void Meta(IDocumentSession s, string user)
    {
        s.CorrelationId = Guid.NewGuid().ToString();
        s.CausationId = Guid.NewGuid().ToString();
        s.LastModifiedBy = user;
        s.SetHeader("role", "advisor");
        s.SetHeader("channel", "chat");
    }

    /// <summary>Appends with the hook chosen; for "a" the session is bound to our own transaction and we fold after SaveChangesAsync.</summary>
    static async Task AppendAsync(DocumentStore store, string hook, string tenant, Guid stream, long? expected, bool start, params object[] events)
    {
        if (hook == "a")
        {
            await using var conn = new NpgsqlConnection(StoreSetup.Service);
            await conn.OpenAsync();
            await using var tx = await conn.BeginTransactionAsync();
            var opts = SessionOptions.ForTransaction(tx);
            opts.TenantId = tenant;
            await using var session = store.LightweightSession(opts);
            Meta(session, "ana");
            Stage(session, stream, expected, start, events);
            await session.SaveChangesAsync();
            await StoreSetup.Chain.FoldAsync(conn, tx, tenant, [stream]);
            await tx.CommitAsync();
        }
        else
        {
            await using var session = store.LightweightSession(tenant);
            Meta(session, "ana");
            Stage(session, stream, expected, start, events);
            await session.SaveChangesAsync();
        }
    }

    static void Stage(IDocumentSession s, Guid stream, long? expected, bool start, object[] events)
    {
        if (start) s.Events.StartStream<CaseView>(stream, events);
        else if (expected is { } v) s.Events.Append(stream, v + events.Length, events);
        else s.Events.Append(stream, events);
    }

    public static async Task RunAsync(string hook)
    {
        Console.WriteLine($"== serve as s3_svc, AutoCreate.None, hook {hook}");
        using var store = StoreSetup.Build(StoreSetup.Service, AutoCreate.None, hook);
        var s1 = Guid.NewGuid();
        var s2 = Guid.NewGuid();

        await AppendAsync(store, hook, "t1", s1, null, true, new CaseOpened("water bill", "chat"));
        await AppendAsync(store, hook, "t1", s1, 1, false, new NoteAdded("called back"), new NoteAdded("sent letter"));
        await AppendAsync(store, hook, "t1", s1, 3, false, new NoteAdded("third"));
        await AppendAsync(store, hook, "t2", s1, null, true, new CaseOpened("same id, other tenant", "web"));
        await AppendAsync(store, hook, "t1", s2, null, true, new CaseOpened("to archive", "phone"), new NoteAdded("n"));
        Console.WriteLine($"appended: t1/{s1} v4, t2/{s1} v1, t1/{s2} v2");

        // stale expected version
        try { await AppendAsync(store, hook, "t1", s1, 1, false, new NoteAdded("stale")); Console.WriteLine("!! stale append succeeded"); }
        catch (Exception e) { Console.WriteLine($"stale append refused: {e.GetType().Name}"); }

        await using (var q = store.QuerySession("t1"))
        {
            var evs = await q.Events.FetchStreamAsync(s1);
            foreach (var e in evs)
                Console.WriteLine($"  t1 v{e.Version} seq{e.Sequence} {e.EventTypeName} user={e.UserName} corr={e.CorrelationId?[..8]} headers={string.Join(",", e.Headers?.Select(h => h.Key + "=" + h.Value) ?? [])}");
            var agg = await q.Events.AggregateStreamAsync<CaseView>(s1);
            var doc = await q.LoadAsync<CaseView>(s1);
            Console.WriteLine($"  AggregateStreamAsync: notes={agg?.Notes}; inline doc: subject={doc?.Subject} notes={doc?.Notes}");
        }
        await using (var q = store.QuerySession("t2"))
            Console.WriteLine($"  t2 doc: {(await q.LoadAsync<CaseView>(s1))?.Subject}");

        // archive (needs UPDATE (is_archived) on mt_events and mt_streams)
        await using (var s = store.LightweightSession("t1"))
        {
            s.Events.ArchiveStream(s2);
            await s.SaveChangesAsync();
            Console.WriteLine("  archived t1/" + s2);
        }

        // async daemon
        using var daemon = await store.BuildProjectionDaemonAsync(logger: StoreSetup.Logs.CreateLogger("daemon"));
        await daemon.StartAllAsync();
        try { await daemon.WaitForNonStaleData(TimeSpan.FromSeconds(int.Parse(Environment.GetEnvironmentVariable("WAIT") ?? "30"))); }
        catch (Exception e) { Console.WriteLine($"  daemon wait failed: {e.GetType().Name}: {e.Message.Split('\n')[0]}"); }
        await daemon.StopAllAsync();
        await using (var q = store.QuerySession("t1"))
        {
            var st = await q.LoadAsync<CaseStats>(s1);
            Console.WriteLine($"  async CaseStats t1/{s1}: events={st?.Events} lastNote={st?.LastNote}");
        }
        await using (var conn = new NpgsqlConnection(StoreSetup.Service))
        {
            await conn.OpenAsync();
            await using var c = new NpgsqlCommand($"select count(*) from {HashChain.Schema}.event_hashes", conn);
            Console.WriteLine($"  event_hashes rows: {await c.ExecuteScalarAsync()}");
        }
    }

    public static async Task RefusalsAsync()
    {
        await using var conn = new NpgsqlConnection(StoreSetup.Service);
        await conn.OpenAsync();
        var sc = HashChain.Schema;
        string[] attempts =
        [
            $"update {sc}.mt_events set data = '{{}}'::jsonb where seq_id = (select min(seq_id) from {sc}.mt_events)",
            $"update {sc}.mt_events set version = version where false",
            $"delete from {sc}.mt_events where false",
            $"truncate {sc}.mt_events",
            $"update {sc}.mt_events set is_archived = is_archived where false",
            $"update {sc}.mt_streams set version = version where false",
            $"update {sc}.mt_streams set type = type where false",
            $"update {sc}.mt_streams set tenant_id = tenant_id where false",
            $"delete from {sc}.mt_streams where false",
            $"truncate {sc}.mt_streams",
            $"update {sc}.event_hashes set hash = hash where false",
            $"delete from {sc}.event_hashes where false",
            $"truncate {sc}.event_hashes",
            $"delete from {sc}.stream_heads where false",
            $"select setval('{sc}.mt_events_sequence', 1)",
            $"alter table {sc}.mt_events disable trigger all",
            $"create table {sc}.x(i int)",
        ];
        foreach (var sql in attempts)
        {
            try
            {
                await using var c = new NpgsqlCommand(sql, conn);
                await c.ExecuteNonQueryAsync();
                Console.WriteLine($"ALLOWED  {sql}");
            }
            catch (PostgresException e)
            {
                Console.WriteLine($"REFUSED  {sql}\n         {e.SqlState}: {e.MessageText}");
            }
        }
    }
}
