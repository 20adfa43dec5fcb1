using System.Diagnostics;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spike;
using static Spike.Common;

var mode = args.ElementAtOrDefault(0) ?? "";
switch (mode)
{
    case "q1": await Q1.Run(); break;
    case "q1child": await Q1.Child(args[1], args[2]); break;
    case "q2": await Q2.Run(); break;
    case "q4": await Q4.Run(args.Skip(1).ToArray()); break;
    case "q4crash": await Q4.Crash(args[1], Guid.Parse(args[2])); break;
    case "q5": await Q5.Run(args.Skip(1).ToArray()); break;
    case "q5node": await Q5.Node(args[1], args[2]); break;
    default: Console.WriteLine("modes: q1 q2 q4 q5"); break;
}

public static class ChildProc
{
    public static async Task<int> RunAsync(string label, string args, TimeSpan timeout, Dictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo("dotnet", $"{typeof(ChildProc).Assembly.Location} {args}")
        { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var kv in env ?? []) psi.Environment[kv.Key] = kv.Value;
        using var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.WriteLine($"  [{label}] {e.Data}"); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null && !e.Data.TrimStart().StartsWith("at ")) Console.WriteLine($"  [{label}!] {e.Data}"); };
        p.BeginOutputReadLine(); p.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { p.Kill(true); Log($"{label} timed out, killed"); return -999; }
        return p.ExitCode;
    }
}

public static class Q1
{
    const string Db = "s2_q1";

    public static async Task Run()
    {
        await RecreateDb(Db);
        var projections = Projections();
        // db-apply equivalent: the owner applies Marten's whole configured schema, including the projection tables
        await using (var store = DocumentStore.For(o => Configure(o, Db, "s2-apply", projections)))
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await PrintAsync(Db, "select table_schema, table_name from information_schema.tables where table_schema like 's2_%' order by 1, 2", "tables after ApplyAllConfiguredChangesToDatabaseAsync");
            await PrintAsync(Db, "select indexdef from pg_indexes where schemaname = 's2_facts' order by 1", "indexes");
            var diff = await store.Storage.Database.CreateMigrationAsync();
            Log($"migration after apply: difference = {diff.Difference}");

            await SeedAsync(store, "t1", 10, 4);
            await SeedAsync(store, "t2", 10, 4);
        }
        await PrintAsync(Db, "select count(*), max(seq_id) from public.mt_events", "events appended (no daemon yet)");
        await PrintAsync(Db, "select seq_id, tenant_id, version, type, data::text, headers::text, correlation_id from public.mt_events order by seq_id limit 2", "sample events");

        Log("---- child 0: normal daemon run over the first 100 events");
        var rc = await ChildProc.RunAsync("normal", $"q1child {Db} normal", TimeSpan.FromSeconds(60));
        foreach (var r in await Progress(Db)) Log($"  progress {r}");
        const string Summary = "select count(*), sum(event_count), sum(total), max(last_seq) from s2_facts.facts";
        const string SummaryTwin = "select count(*), sum(event_count), sum(total), max(last_seq) from s2_twin.facts";
        await PrintAsync(Db, Summary, "facts summary");
        await PrintAsync(Db, SummaryTwin, "twin summary");

        await using (var store = DocumentStore.For(o => Configure(o, Db, "s2-append", projections)))
        {
            await SeedAsync(store, "t1", 10, 4, "second");
            await SeedAsync(store, "t2", 10, 4, "second");
            // also touch existing streams, and purge one, so the batch reads and updates/deletes existing rows
            var existing = await RowsAsync(Db, "select tenant_id, stream_id from s2_facts.facts order by last_seq limit 3");
            foreach (var (row, i) in existing.Select((r, i) => (r.Split(" | "), i)))
            {
                await using var s = store.LightweightSession(row[0]);
                s.Events.Append(Guid.Parse(row[1]), i == 0 ? new Purged() : new Noted(1000));
                await s.SaveChangesAsync();
            }
        }
        await PrintAsync(Db, "select count(*), max(seq_id) from public.mt_events", "events now");

        Log("---- child 1: daemon, participant writes rows then Environment.FailFast before COMMIT");
        rc = await ChildProc.RunAsync("crash", $"q1child {Db} crash", TimeSpan.FromSeconds(60));
        Log($"child exit code {rc}");
        foreach (var r in await Progress(Db)) Log($"  progress {r}");
        await PrintAsync(Db, Summary, "facts summary after crash (unchanged?)");
        await PrintAsync(Db, SummaryTwin, "twin summary after crash (unchanged?)");

        Log("---- child 2: daemon, participant writes rows then throws before COMMIT (for 8 s), then stops throwing");
        rc = await ChildProc.RunAsync("throw", $"q1child {Db} throw", TimeSpan.FromSeconds(90));
        Log($"child exit code {rc}");

        Log("---- final check");
        foreach (var r in await Progress(Db)) Log($"  progress {r}");
        Log($"facts rows = {await ScalarAsync(Db, "select count(*) from s2_facts.facts")}, diff vs oracle = {await ScalarAsync(Db, Diff("s2_facts.facts"))}; twin diff = {await ScalarAsync(Db, Diff("s2_twin.facts"))}");
        await PrintAsync(Db, """
            select f.tenant_id, f.version, f.last_seq, f.event_count, f.total, f.headers::text, f.correlation_id,
                   f.updated_at = e.timestamp as ts_matches, e.seq_id = f.last_seq as seq_matches
            from s2_facts.facts f join public.mt_events e on e.tenant_id = f.tenant_id and e.stream_id = f.stream_id and e.version = f.version
            order by f.last_seq limit 3
            """, "metadata carried into rows (compare with mt_events)");
    }

    public static async Task Child(string db, string how)
    {
        var projections = Projections();
        if (how == "crash") FactsProjection.CrashAfterWrite = true;
        if (how == "throw") FactsProjection.ThrowAfterWrite = true;
        using var host = BuildHost(db, "s2-child-" + how, projections, martenLevel: Microsoft.Extensions.Logging.LogLevel.Warning);
        await host.StartAsync();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        if (how == "crash") { await Task.Delay(30_000); Log("no crash happened?"); return; }
        if (how == "normal") { await host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30)); Log($"participant ran {FactsProjection.Applied} times"); }
        if (how == "throw")
        {
            await Task.Delay(8000);
            Log($"participant ran {FactsProjection.Applied} times while throwing; facts rows now {await ScalarAsync(db, "select count(*) from s2_facts.facts")}");
            foreach (var r in await Progress(db)) Log($"  progress {r}");
            var d = host.Daemon();
            foreach (var a in d.CurrentAgents()) Log($"  agent {a.Name.Identity} status={a.Status}");
            FactsProjection.ThrowAfterWrite = false;
            Log("stopped throwing; waiting for non-stale data (30 s)");
            var sw = Stopwatch.StartNew();
            try { await host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30)); Log($"non-stale after {sw.Elapsed.TotalSeconds:0.0}s"); }
            catch (TimeoutException e) { Log($"still stale after 30 s: {e.Message.Split('\n')[0]}"); foreach (var a in d.CurrentAgents()) Log($"  agent {a.Name.Identity} status={a.Status}"); }
            if (d.CurrentAgents().Any(a => a.Status != JasperFx.AgentStatus.Running))
            {
                Log("restarting paused agents with StartAgentAsync");
                foreach (var a in d.CurrentAgents().ToList()) await d.StartAgentAsync(a.Name.Identity, CancellationToken.None);
                await host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
                Log("non-stale after restart");
            }
        }
        await host.StopAsync();
    }
}
