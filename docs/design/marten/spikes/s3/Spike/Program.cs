using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Npgsql;
using Spike;

var cmd = args.FirstOrDefault() ?? "help";
switch (cmd)
{
    case "apply":
    {
        // Owner applies Marten's schema plus our side tables (registered as ExtendedSchemaObjects).
        using var store = StoreSetup.Build(StoreSetup.Owner, AutoCreate.CreateOrUpdate, "b");
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        Console.WriteLine("applied as s3_owner");
        break;
    }
    case "script":
    {
        using var store = StoreSetup.Build(StoreSetup.Owner, AutoCreate.CreateOrUpdate, "b");
        Console.WriteLine(store.Storage.ToDatabaseScript());
        break;
    }
    case "serve":
        await Serve.RunAsync(args.ElementAtOrDefault(1) ?? "b");
        break;
    case "refusals":
        await Serve.RefusalsAsync();
        break;
    case "verify":
    {
        await using var ds = NpgsqlDataSource.Create(StoreSetup.Service);
        var problems = await StoreSetup.Chain.VerifyAsync(ds);
        Console.WriteLine(problems.Count == 0 ? "VERIFY OK: every stream's chain and head check out" : "VERIFY FAILED:\n  " + string.Join("\n  ", problems));
        break;
    }
    case "tomb":
        Console.WriteLine(JasperFx.Events.Tombstone.StreamId);
        break;
    case "rebuild":
    {
        using var store = StoreSetup.Build(StoreSetup.Service, AutoCreate.None, "b");
        using var daemon = await store.BuildProjectionDaemonAsync(logger: StoreSetup.Logs.CreateLogger("daemon"));
        try { await daemon.RebuildProjectionAsync<CaseStatsProjection>(TimeSpan.FromSeconds(20), CancellationToken.None); Console.WriteLine("rebuild OK"); }
        catch (Exception e) { Console.WriteLine($"rebuild failed: {e.GetType().Name}: {e.Message.Split('\n')[0]} | {e.InnerException?.Message.Split('\n')[0]}"); }
        break;
    }
    case "gap":
    {
        // burn sequence values outside Marten (a hole with no live transaction), append once more, run the daemon
        await using (var conn = new NpgsqlConnection(StoreSetup.Service))
        {
            await conn.OpenAsync();
            await using var c = new NpgsqlCommand("select nextval('atencion_es.mt_events_sequence') from generate_series(1,3)", conn);
            await c.ExecuteNonQueryAsync();
        }
        using var store = StoreSetup.Build(StoreSetup.Service, AutoCreate.None, "b");
        await using (var s = store.LightweightSession("t1")) { s.Events.StartStream<CaseView>(Guid.NewGuid(), new CaseOpened("after gap", "web")); await s.SaveChangesAsync(); }
        using var daemon = await store.BuildProjectionDaemonAsync(logger: StoreSetup.Logs.CreateLogger("daemon"));
        await daemon.StartAllAsync();
        try { await daemon.WaitForNonStaleData(TimeSpan.FromSeconds(15)); Console.WriteLine("gap: daemon caught up"); }
        catch (Exception e) { Console.WriteLine($"gap: daemon wait failed: {e.GetType().Name}"); }
        await daemon.StopAllAsync();
        break;
    }
    case "concurrent":
    {
        // 8 writers x 25 appends: 4 on one shared stream (retry on conflict), 4 on their own streams; hook from args
        var hook = args.ElementAtOrDefault(1) ?? "b";
        using var store = StoreSetup.Build(StoreSetup.Service, AutoCreate.None, hook, asyncStats: false);
        var shared = Guid.NewGuid();
        await using (var s = store.LightweightSession("t1")) { s.Events.StartStream<CaseView>(shared, new CaseOpened("shared", "web")); await s.SaveChangesAsync(); }
        var conflicts = 0;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var own = Guid.NewGuid();
            for (var i = 0; i < 25; i++)
            {
                var target = w < 4 ? shared : own;
                while (true)
                {
                    try
                    {
                        await using var s = store.LightweightSession("t1");
                        if (w >= 4 && i == 0) s.Events.StartStream<CaseView>(own, new CaseOpened("own", "web"));
                        else
                        {
                            var stream = await s.Events.FetchForWriting<CaseView>(target);
                            stream.AppendOne(new NoteAdded($"w{w} i{i}"));
                        }
                        await s.SaveChangesAsync();
                        break;
                    }
                    catch (JasperFx.ConcurrencyException) { Interlocked.Increment(ref conflicts); }
                }
            }
        })));
        Console.WriteLine($"concurrent: 200 appends in {sw.ElapsedMilliseconds} ms, {conflicts} conflicts retried");
        break;
    }
    case "readb":
    {
        using var store = StoreSetup.Build(StoreSetup.Service, AutoCreate.None, "b");
        await using var q = store.QuerySession("t1");
        try
        {
            var evs = await q.Events.FetchStreamAsync(Guid.Parse("bbbbbbbb-0000-0000-0000-000000000002"));
            Console.WriteLine($"readb: {string.Join(", ", evs.Select(e => $"v{e.Version} {e.EventTypeName}:{e.Data?.GetType().Name}"))}");
        }
        catch (Exception e) { Console.WriteLine($"readb: {e.GetType().Name}: {e.Message.Split('\n')[0]}"); }
        break;
    }
    case "streamtype":
    {
        using var store = StoreSetup.Build(StoreSetup.Service, AutoCreate.None, "b");
        var a = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001");
        await using var s = store.LightweightSession("t2");
        try
        {
            var st = await s.Events.FetchStreamStateAsync(a);
            Console.WriteLine($"streamtype: state v{st?.Version} type={st?.AggregateType?.Name ?? "null"}");
            var w = await s.Events.FetchForWriting<CaseView>(a);
            w.AppendOne(new NoteAdded("with old stream type"));
            await s.SaveChangesAsync();
            Console.WriteLine($"streamtype: appended at v{w.CurrentVersion + 1}");
        }
        catch (Exception e) { Console.WriteLine($"streamtype: {e.GetType().Name}: {e.Message.Split('\n')[0]}"); }
        break;
    }
    case "upgrade":
        await Upgrade.RunAsync();
        break;
    default:
        Console.WriteLine("apply | script | serve [a|b|c] | refusals | verify | upgrade");
        break;
}
