using System.Diagnostics;
using JasperFx.Core;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spike;
using static Spike.Common;

public static class Q5
{
    const string Db = "s2_q5";
    const int N = 4;

    /// <summary>One node: a host with the HotCold daemon; prints its running agents whenever they change.</summary>
    public static async Task Node(string db, string name)
    {
        using var host = BuildHost(db, "s2-node-" + name, Projections(N), martenLevel: Microsoft.Extensions.Logging.LogLevel.Warning);
        await host.StartAsync();
        Log($"node {name} started (pid {Environment.ProcessId})");
        string? last = null;
        var wd = 0;
        while (true)
        {
            var d = host.Daemon();
            var now = string.Join(",", d.CurrentAgents().Where(a => a.Status == JasperFx.AgentStatus.Running).Select(a => a.Name.Name).Order());
            if (now != last) Log($"node {name} runs [{now}]");
            last = now;
            if (Environment.GetEnvironmentVariable("S2_WATCHDOG") == "1" && (wd += 200) >= 5000)
            {
                wd = 0;
                foreach (var a in d.CurrentAgents().Where(a => a.Status == JasperFx.AgentStatus.Stopped).ToList())
                {
                    Log($"node {name} watchdog: restarting Stopped agent {a.Name.Identity}");
                    try { await d.StartAgentAsync(a.Name.Identity, CancellationToken.None); } catch (Exception e) { Log("watchdog: " + e.Message); }
                }
            }
            await Task.Delay(200);
        }
    }

    sealed class NodeProc
    {
        public required string Name;
        public required Process P;
        public static NodeProc Start(string name)
        {
            var psi = new ProcessStartInfo("dotnet", $"{typeof(Q5).Assembly.Location} q5node {Db} {name}")
            { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.Environment["S2_NODE"] = name;
            psi.Environment["S2_WATCHDOG"] = Environment.GetEnvironmentVariable("S2_WATCHDOG") ?? "0";
            var p = Process.Start(psi)!;
            p.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.WriteLine($"  [{name}] {e.Data}"); };
            p.ErrorDataReceived += (_, e) => { if (e.Data is not null && !e.Data.TrimStart().StartsWith("at ")) Console.WriteLine($"  [{name}!] {e.Data}"); };
            p.BeginOutputReadLine(); p.BeginErrorReadLine();
            return new NodeProc { Name = name, P = p };
        }
    }

    public static async Task Run(string[] args)
    {
        await RecreateDb(Db);
        var projections = Projections(N);
        await using var store = DocumentStore.For(o => Configure(o, Db, "s2-driver", projections));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var streams = new List<(string, Guid)>();
        foreach (var t in new[] { "t1", "t2" }) foreach (var id in await SeedAsync(store, t, 10, 2)) streams.Add((t, id));

        var nodes = new List<NodeProc> { NodeProc.Start("A"), NodeProc.Start("B") };
        using var stop = new CancellationTokenSource();
        var appender = Task.Run(async () =>
        {
            var r = new Random(5);
            while (!stop.IsCancellationRequested)
            {
                var (t, id) = streams[r.Next(streams.Count)];
                try
                {
                    await using var s = store.LightweightSession(t);
                    s.Events.Append(id, new Noted(r.Next(1, 9)));
                    await s.SaveChangesAsync();
                }
                catch (Exception e) { Log("append failed: " + e.Message); }
                await Task.Delay(50);
            }
        });

        var sw = Stopwatch.StartNew();
        async Task<(long Seq, string? By)[]> State() =>
            await Task.WhenAll(Enumerable.Range(1, N).Select(async i =>
            {
                var rows = await RowsAsync(Db, $"select (select last_seq_id from public.mt_event_progression where name = 'p{i}:All'), (select applied_by from s2_p{i}.facts order by last_seq desc limit 1)");
                var c = rows[0].Split(" | ");
                return (c[0] == "null" ? 0L : long.Parse(c[0]), c[1] == "null" ? null : c[1]);
            }));
        async Task Locks(string when) => await PrintAsync(Db,
            "select a.application_name, a.pid, count(*) as advisory_locks from pg_locks l join pg_stat_activity a on a.pid = l.pid where l.locktype = 'advisory' and a.datname = current_database() group by 1, 2 order by 1",
            $"advisory locks {when}");

        // phase 1: both nodes up, wait until all projections progress
        string? last = null;
        while (sw.Elapsed < 25.Seconds())
        {
            var st = await State();
            var line = string.Join("  ", st.Select((s, i) => $"p{i + 1}:{s.By}"));
            if (line != last) Log($"owners (applied_by of latest row): {line}");
            last = line;
            if (sw.Elapsed > 12.Seconds() && st.All(s => s.By is not null)) break;
            await Task.Delay(200);
        }
        await Locks("with A and B up");

        // phase 2: kill -9 the node that owns most projections
        var before = await State();
        var victimName = before.GroupBy(s => s.By).OrderByDescending(g => g.Count()).First().Key!;
        var victim = nodes.First(n => n.Name == victimName);
        var owned = before.Select((s, i) => (s, i)).Where(x => x.s.By == victimName).Select(x => x.i).ToArray();
        Log($"KILL -9 node {victimName} (pid {victim.P.Id}) owning {string.Join(",", owned.Select(i => "p" + (i + 1)))}");
        var tKill = sw.Elapsed;
        victim.P.Kill();
        await MeasureTakeover(owned, before, victimName, tKill, sw, State, "kill -9");
        await Locks("after failover");

        // phase 3: bring the killed node back; the survivor keeps its locks
        var back = NodeProc.Start(victimName + "2");
        nodes.Add(back);
        await Task.Delay(10_000);
        var st3 = await State();
        Log($"10 s after {back.Name} started: owners {string.Join("  ", st3.Select((s, i) => $"p{i + 1}:{s.By}"))}");
        await Locks($"after {back.Name} joined");

        // phase 4: terminate the survivor's backend sessions (as if its network dropped / an admin killed them)
        var survivor = nodes.First(n => n.Name != victimName && !n.P.HasExited && n != back).Name;
        var before4 = await State();
        var owned4 = before4.Select((s, i) => (s, i)).Where(x => x.s.By == survivor).Select(x => x.i).ToArray();
        var tTerm = sw.Elapsed;
        var killed = await ScalarAsync(Db, $"select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity where application_name = 's2-node-{survivor}') t");
        Log($"pg_terminate_backend on {killed} backends of node {survivor} (owning {string.Join(",", owned4.Select(i => "p" + (i + 1)))}); process stays alive");
        await MeasureTakeover(owned4, before4, survivor, tTerm, sw, State, "backend termination");
        await Task.Delay(5000);
        var st4 = await State();
        Log($"5 s later owners {string.Join("  ", st4.Select((s, i) => $"p{i + 1}:{s.By}"))}");
        await Locks("after backend termination");

        // end: stop appending, let everything catch up, compare each projection with the oracle
        stop.Cancel(); await appender;
        var max = await ScalarAsync(Db, "select max(seq_id) from public.mt_events");
        var caught = Stopwatch.StartNew();
        while (caught.Elapsed < 30.Seconds() && (await State()).Any(s => s.Seq < max)) await Task.Delay(200);
        var fin = await State();
        Log($"final: max seq {max}; progress {string.Join(" ", fin.Select((s, i) => $"p{i + 1}={s.Seq}"))} (after {caught.Elapsed.TotalSeconds:0.0} s)");
        for (var i = 1; i <= N; i++) Log($"  p{i} vs oracle diff rows = {await ScalarAsync(Db, Diff($"s2_p{i}.facts"))}; rows applied by: {string.Join(", ", await RowsAsync(Db, $"select applied_by || '=' || count(*) from s2_p{i}.facts group by applied_by order by 1"))}");
        foreach (var n in nodes.Where(n => !n.P.HasExited)) n.P.Kill();
        await Task.Delay(500);
    }

    static async Task MeasureTakeover(int[] owned, (long Seq, string? By)[] before, string from, TimeSpan t0, Stopwatch sw,
        Func<Task<(long Seq, string? By)[]>> state, string what)
    {
        var done = new Dictionary<int, (double Secs, string? By)>();
        while (sw.Elapsed - t0 < 90.Seconds() && done.Count < owned.Length)
        {
            var st = await state();
            foreach (var i in owned)
                if (!done.ContainsKey(i) && st[i].Seq > before[i].Seq + 5 && st[i].By != from)
                {
                    done[i] = ((sw.Elapsed - t0).TotalSeconds, st[i].By);
                    Log($"  after {what}: p{i + 1} progressing again on {st[i].By} {(sw.Elapsed - t0).TotalSeconds:0.0} s later (progress {before[i].Seq} -> {st[i].Seq})");
                }
            await Task.Delay(100);
        }
        foreach (var i in owned.Where(i => !done.ContainsKey(i))) Log($"  after {what}: p{i + 1} did NOT move to another node within 90 s");
    }
}
