// g1: GET /api/cases/{id}'s read with 10 million events in the store against the same read with 10 thousand, two
// databases on one server measured in interleaved rounds. See docs/benchmarks.md.
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Atencion.EventStore;
using Atencion.Projections.Cases;

namespace Atencion.Bench;

internal static class GetCaseBench
{
    private const int MeasuredCases = 200;
    private const int Chunks = 10;
    private const int Readers = 4;

    /// <summary>One database: its log filled to a number of events, real cases spread through it, the reads under test.</summary>
    private sealed class Side(string label, MartenDatabase m, Guid[] real, int fillerCases, CaseViews views)
    {
        public string Label { get; } = label;
        public MartenDatabase M { get; } = m;
        public Guid[] Real { get; } = real;
        public CaseViews Views { get; } = views;

        /// <summary>A filler case's id, as <see cref="LogFiller"/> computes it in SQL (md5 of a text, as a uuid).</summary>
        public Guid AnyCase() => Guid.Parse(Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(
            $"atencion-bench-{M.Db.Name}-{Random.Shared.Next(fillerCases)}"))));
    }

    public static async Task<List<Result>> RunAsync(BenchServer server)
    {
        var s = server.Settings;
        var free = new DriveInfo(Path.GetTempPath()).AvailableFreeSpace / 1e9;
        // About 0.7 kB per event on disk (heap and two indexes), plus the case views; the throwaway cluster lives in /tmp.
        var need = s.GetEvents * 0.0000011;
        if (free < need + 5)
            throw new InvalidOperationException($"g1: {free:F0} GB free under {Path.GetTempPath()}, {need:F0} GB needed for {s.GetEvents:N0} events; refusing to fill");
        Console.WriteLine($"g1        disk free before filling: {free:F0} GB");

        var sides = new List<Side>();
        try
        {
            sides.Add(await PrepareAsync(server, "small", "atencion_bench_g_small", s.GetSmallEvents));
            sides.Add(await PrepareAsync(server, "large", "atencion_bench_g_large", s.GetEvents));
            var small = sides[0];
            var large = sides[1];

            (string Key, string What, Func<Side, Guid, Task> Read, Func<Side, Guid> Pick)[] reads =
            [
                ("g1", "CaseViews.GetAsync (the endpoint's read), a real case", (x, id) => x.Views.GetAsync(CaseStory.Tenant, id, CancellationToken.None),
                    x => x.Real[Random.Shared.Next(x.Real.Length)]),
                ("g1'", "CaseViews.GetAsync, any case (filler clones included)", (x, id) => x.Views.GetAsync(CaseStory.Tenant, id, CancellationToken.None),
                    x => x.AnyCase()),
                ("g2", "MartenEventStore.ReadStreamAsync + CaseView.FromEvents, a real case", async (x, id) =>
                    {
                        var events = await x.M.Events.ReadStreamAsync(CaseStory.Tenant, id);
                        if (CaseView.FromEvents(events) is null) throw new InvalidOperationException($"case {id} folded to nothing");
                    },
                    x => x.Real[Random.Shared.Next(x.Real.Length)]),
            ];
            var samples = new Dictionary<(string, string), List<long[]>>();
            foreach (var side in sides)
                foreach (var r in reads)
                {
                    samples[(r.Key, side.Label)] = [];
                    await MeasureAsync(side, r.Read, r.Pick, TimeSpan.FromSeconds(Math.Max(s.Warmup, 1))); // warm-up, not kept
                }
            for (var round = 0; round < s.Rounds; round++)
            {
                var order = round % 2 == 0 ? sides : [.. Enumerable.Reverse(sides)];
                Console.Error.Write($"g1 round {round + 1}/{s.Rounds}:");
                foreach (var side in order)
                    foreach (var r in reads)
                    {
                        Console.Error.Write($" {r.Key} {side.Label}");
                        await using (var cp = server.Admin.CreateCommand("checkpoint")) await cp.ExecuteNonQueryAsync();
                        await WaitForAutovacuumAsync(server);
                        samples[(r.Key, side.Label)].Add(await MeasureAsync(side, r.Read, r.Pick, TimeSpan.FromSeconds(s.Seconds / 2)));
                    }
                Console.Error.WriteLine();
            }

            Console.WriteLine($"g1        {Readers} concurrent readers, closed loop, {s.Rounds} round(s) of {s.Seconds / 2:0.#} s per read and database, order small, large then reversed; ms:");
            Console.WriteLine($"          {"read",-5} {"database",-9} {"reads",8} {"p50",7} {"p99",7} {"p99 per round",-20}");
            var results = new List<Result>();
            foreach (var r in reads)
            {
                foreach (var side in sides)
                {
                    var all = samples[(r.Key, side.Label)].SelectMany(x => x).Order().ToArray();
                    var rounds = string.Join(" ", samples[(r.Key, side.Label)].Select(x => Ms(Pct(x, 0.99)).ToString("F2")));
                    Console.WriteLine($"          {r.Key,-5} {side.Label,-9} {all.Length,8} {Ms(Pct(all, 0.5)),7:F2} {Ms(Pct(all, 0.99)),7:F2} {rounds,-20}");
                }
                double P99(Side side) => Ms(Pct(samples[(r.Key, side.Label)].SelectMany(x => x).Order().ToArray(), 0.99));
                var perRound = samples[(r.Key, large.Label)].Zip(samples[(r.Key, small.Label)], (l, sm) => (Ms(Pct(l, 0.99)) / Ms(Pct(sm, 0.99))).ToString("F2"));
                results.Add(new Result($"{r.Key} small", $"{r.What}, p99 at {s.GetSmallEvents:N0} events", P99(small), "ms", null, null));
                results.Add(new Result($"{r.Key} large", $"{r.What}, p99 at {s.GetEvents:N0} events", P99(large), "ms", null, null));
                results.Add(new Result(r.Key, $"{r.What}: p99 large / p99 small", P99(large) / P99(small), "ratio",
                    r.Key == "g1" ? 1.2 : null, $"per round {string.Join(" ", perRound)}", GoalIsCeiling: true));
            }
            return results;
        }
        finally
        {
            foreach (var side in sides) await side.M.DisposeAsync();
            foreach (var side in sides) await side.M.Db.DropAsync(server.Admin);
        }
    }

    private static async Task<Side> PrepareAsync(BenchServer server, string label, string name, long events)
    {
        Console.Error.WriteLine($"g1: filling {label} ({events:N0} events)...");
        var m = await MartenDatabase.CreateAsync(server, name, (_, _) => { }, caseViews: true);
        var filler = await LogFiller.CreateAsync(m.Db, m.Events, m.Settings);
        var fillerCases = (int)((events - CaseStory.Length * (1 + MeasuredCases)) / CaseStory.Length);
        if (fillerCases < Chunks) throw new ArgumentException($"g1: {events} events leave no room for filler cases");
        var real = new List<Guid>();
        // Bulk fill without the secondary indexes and foreign keys, then build each once. The real cases come after the
        // rebuild (their appends read the stream through those indexes: without them each append scanned the table), so
        // they sit at the end of the log, as the newest cases do; g1' reads any case, the clones included.
        var deferred = await filler.DropIndexesAsync();
        var took = TimeSpan.Zero;
        for (var k = 0; k < Chunks; k++)
            took += await filler.FillAsync(fillerCases / Chunks + (k < fillerCases % Chunks ? 1 : 0), caseViews: true);
        var indexTook = await filler.RecreateIndexesAsync(deferred);
        var started = Stopwatch.GetTimestamp();
        var ids = Enumerable.Range(0, MeasuredCases).Select(_ => Guid.NewGuid()).ToArray();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (id, _) => await CaseStory.AppendAsync(m.Events, id, $"2026-{id:N}"[..16]));
        real.AddRange(ids);
        var appendTook = Stopwatch.GetElapsedTime(started);
        // A long-lived store has been vacuumed; and an autovacuum of the fresh rows must not run during the measurement.
        foreach (var table in new[] { $"{m.Schema}.mt_events", $"{m.Schema}.mt_streams", "atencion.case_views", $"{m.Schema}.event_hashes", $"{m.Schema}.stream_heads" })
            await m.Db.ExecAsync($"vacuum (analyze) {table}");
        var count = await m.EventCountAsync();
        var views = await m.Db.ScalarAsync<long>("select count(*) from atencion.case_views");
        var evSize = await m.Db.ScalarAsync<string>($"select pg_size_pretty(pg_total_relation_size('{m.Schema}.mt_events'))");
        var cvSize = await m.Db.ScalarAsync<string>("select pg_size_pretty(pg_total_relation_size('atencion.case_views'))");
        Console.WriteLine($"g1 {label,-6} {count:N0} events, {views:N0} case views; mt_events {evSize}, case_views {cvSize}, database {await m.Db.SizeAsync()}; " +
                          $"filler {took.TotalSeconds:F0} s and {deferred.Length} indexes/constraints rebuilt after it in {indexTook.TotalSeconds:F0} s, " +
                          $"{real.Count} real cases appended in {appendTook.TotalSeconds:F0} s (after it, through MartenEventStore)");
        var source = EventStoreDataSource.Create(m.Db.App);
        // The service's read: the inline case view on its own data source; the store serves time travel only.
        var side = new Side(label, m, [.. real], fillerCases, new CaseViews(source, m.Events.On(source), m.Types.Json));
        if (await side.Views.GetAsync(CaseStory.Tenant, side.AnyCase(), CancellationToken.None) is null || await side.Views.GetAsync(CaseStory.Tenant, real[^1], CancellationToken.None) is null)
            throw new InvalidOperationException($"g1 {label}: a case view is missing");
        return side;
    }

    private static async Task<long[]> MeasureAsync(Side side, Func<Side, Guid, Task> read, Func<Side, Guid> pick, TimeSpan duration)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var lists = await Task.WhenAll(Enumerable.Range(0, Readers).Select(_ => Task.Run(async () =>
        {
            var lat = new List<long>(16384);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var id = pick(side);
                var t0 = Stopwatch.GetTimestamp();
                await read(side, id);
                lat.Add(Stopwatch.GetTimestamp() - t0);
            }
            return lat;
        })));
        var all = lists.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return all;
    }

    /// <summary>Waits (up to a minute) until no autovacuum worker runs on the server, so that none competes with the reads.</summary>
    private static async Task WaitForAutovacuumAsync(BenchServer server)
    {
        for (var i = 0; i < 120; i++)
        {
            await using var cmd = server.Admin.CreateCommand("select count(*) from pg_stat_activity where backend_type = 'autovacuum worker'");
            if ((long)(await cmd.ExecuteScalarAsync())! == 0) return;
            await Task.Delay(500);
        }
        Console.Error.Write(" (autovacuum still running)");
    }

    private static long Pct(long[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
