using System.Diagnostics;
using JasperFx.Core;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spike;
using static Spike.Common;

public static class Q2
{
    const string Db = "s2_q2";

    public static async Task Run()
    {
        await RecreateDb(Db);
        var projections = Projections();
        using var host = BuildHost(Db, "s2-q2", projections);
        var sw = Stopwatch.StartNew();
        await host.StartAsync();
        Log($"host started in {sw.ElapsedMilliseconds} ms (AutoCreate default, no explicit apply)");
        var store = host.Services.GetRequiredService<IDocumentStore>();

        // seed
        var rnd = new Random(7);
        var streams = new List<(string Tenant, Guid Id)>();
        sw.Restart();
        foreach (var t in new[] { "t1", "t2", "t3" })
            foreach (var id in await SeedAsync(store, t, 150, 40)) streams.Add((t, id));
        Log($"seeded {await ScalarAsync(Db, "select count(*) from public.mt_events")} events in {sw.ElapsedMilliseconds} ms");
        await PrintAsync(Db, "select table_schema, table_name from information_schema.tables where table_schema like 's2_%' order by 1, 2", "tables created by AutoCreate");

        // Q3: waiting for non-stale data, and reading progress
        sw.Restart();
        await host.WaitForNonStaleProjectionDataAsync(30.Seconds());
        Log($"host.WaitForNonStaleProjectionDataAsync returned after {sw.ElapsedMilliseconds} ms");
        var daemon = host.Daemon();
        sw.Restart();
        await daemon.WaitForNonStaleData(10.Seconds());
        Log($"daemon.WaitForNonStaleData returned after {sw.ElapsedMilliseconds} ms (already caught up)");
        await ReportHealth(host, store);

        // Q2: rebuild 'facts' while appends continue; 'twin' keeps running incrementally
        using var stopAppends = new CancellationTokenSource();
        var appended = 0;
        var appender = Task.Run(async () =>
        {
            var r = new Random(11);
            while (!stopAppends.IsCancellationRequested)
            {
                var (t, id) = streams[r.Next(streams.Count)];
                await using var s = store.LightweightSession(t);
                s.SetHeader("role", "appender");
                var roll = r.Next(100);
                if (roll < 3) s.Events.Append(id, new Purged());
                else if (roll < 8) { var nid = Guid.NewGuid(); s.Events.StartStream(nid, new Opened("new " + nid)); lock (streams) streams.Add((t, nid)); }
                else s.Events.Append(id, new Noted(r.Next(1, 50)));
                await s.SaveChangesAsync();
                Interlocked.Increment(ref appended);
                await Task.Delay(5);
            }
        });
        await Task.Delay(1000);
        var sampling = new CancellationTokenSource();
        var samples = new List<string>();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                samples.Add($"{Clock.Elapsed.TotalSeconds:0.00}s rows={await ScalarAsync(Db, "select count(*) from s2_facts.facts")} progress={await ScalarAsync(Db, "select last_seq_id from public.mt_event_progression where name = 'facts:All'")}");
                await Task.Delay(50);
            }
        });
        Log($"rebuild starts; appended so far {appended}; events {await ScalarAsync(Db, "select max(seq_id) from public.mt_events")}");
        sw.Restart();
        await daemon.RebuildProjectionAsync("facts", 2.Minutes(), CancellationToken.None);
        Log($"RebuildProjectionAsync returned after {sw.ElapsedMilliseconds} ms; appended so far {appended}; events {await ScalarAsync(Db, "select max(seq_id) from public.mt_events")}");
        foreach (var a in daemon.CurrentAgents()) Log($"  agent {a.Name.Identity} status={a.Status} position={a.Position}");
        await Task.Delay(1000);
        foreach (var a in daemon.CurrentAgents()) Log($"  1 s later: agent {a.Name.Identity} status={a.Status} position={a.Position} (the coordinator does not restart a Stopped agent)");
        sw.Restart();
        await daemon.StartAgentAsync("facts:All", CancellationToken.None);
        Log($"StartAgentAsync(\"facts:All\") returned after {sw.ElapsedMilliseconds} ms");
        foreach (var a in daemon.CurrentAgents()) Log($"  agent {a.Name.Identity} status={a.Status} position={a.Position}");
        await Task.Delay(3000);
        stopAppends.Cancel();
        await appender;
        Log($"appends stopped; total appended during the test {appended}; max seq {await ScalarAsync(Db, "select max(seq_id) from public.mt_events")}");
        foreach (var a in daemon.CurrentAgents()) Log($"  agent {a.Name.Identity} status={a.Status} position={a.Position}");
        sw.Restart();
        try { await host.WaitForNonStaleProjectionDataAsync(30.Seconds()); Log($"non-stale again after {sw.ElapsedMilliseconds} ms"); }
        catch (TimeoutException e) { Log("TIMEOUT: " + e.Message); }
        sampling.Cancel(); await sampler;
        string? prev = null; foreach (var s in samples) { var k = s[(s.IndexOf(' ') + 1)..]; if (k != prev) Log("  sample " + s); prev = k; }
        foreach (var r in await Progress(Db)) Log($"  progress {r}");
        Log($"facts vs oracle diff rows = {await ScalarAsync(Db, Diff("s2_facts.facts"))}; twin vs oracle = {await ScalarAsync(Db, Diff("s2_twin.facts"))}");
        Log($"facts vs twin diff rows = {await ScalarAsync(Db, """
            select count(*) from ((select tenant_id, stream_id, version, last_seq, event_count, total, title, opened_at, updated_at, headers, correlation_id from s2_facts.facts
                                    except select tenant_id, stream_id, version, last_seq, event_count, total, title, opened_at, updated_at, headers::jsonb, correlation_id from s2_twin.facts)
                                   union all
                                   (select tenant_id, stream_id, version, last_seq, event_count, total, title, opened_at, updated_at, headers, correlation_id from s2_twin.facts
                                    except select tenant_id, stream_id, version, last_seq, event_count, total, title, opened_at, updated_at, headers::jsonb, correlation_id from s2_facts.facts)) d
            """)}; rows facts={await ScalarAsync(Db, "select count(*) from s2_facts.facts")} twin={await ScalarAsync(Db, "select count(*) from s2_twin.facts")}");
        await ReportHealth(host, store);
        await host.StopAsync();
    }

    public static async Task ReportHealth(IHost host, IDocumentStore store)
    {
        var daemon = host.Daemon();
        Log($"daemon.IsRunning={daemon.IsRunning} HighWaterMark()={daemon.HighWaterMark()} IsHighWaterStale={daemon.IsHighWaterStale} HighWaterLastPolledAt={daemon.HighWaterLastPolledAt:HH:mm:ss.fff}");
        foreach (var a in daemon.CurrentAgents()) Log($"  agent {a.Name.Identity} status={a.Status} position={a.Position} statusFor={daemon.StatusFor(a.Name.Identity)}");
        foreach (var p in await store.Advanced.AllProjectionProgress()) Log($"  AllProjectionProgress: {p.ShardName} seq={p.Sequence} ts={p.Timestamp:HH:mm:ss.fff}");
        var stats = await store.Advanced.FetchEventStoreStatistics();
        Log($"  FetchEventStoreStatistics: EventCount={stats.EventCount} EventSequenceNumber={stats.EventSequenceNumber} StreamCount={stats.StreamCount}");
        await PrintAsync(Db, "select name, last_seq_id, last_updated from public.mt_event_progression where name in ('HighWaterMark', 'HighWaterStuckGap', 'HighWaterAllocationFence')", "  health SQL");
    }
}
