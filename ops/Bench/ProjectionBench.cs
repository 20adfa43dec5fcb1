// r1 (rebuild rate) and l1 (lag under steady load): our async projections on Marten's daemon through the adapter
// (src/Projections/Marten), with the service's Marten configuration, run by the serving role. See docs/benchmarks.md.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Atencion.EventStore;
using Atencion.EventStore.Marten;
using Atencion.EventStore.Marten.Store;
using Atencion.EventStore.Schema;
using Atencion.Projections;
using Atencion.Projections.Cases;
using Atencion.Projections.Daemon;
using Atencion.Projections.Marten;
using Atencion.Projections.Reports;
using JasperFx.Events.Daemon;
using Marten;
using Npgsql;

namespace Atencion.Bench;

/// <summary>The bench server: the owner's connection, the serving role's, and the settings of the run.</summary>
internal sealed record BenchServer(NpgsqlDataSource Admin, string AdminCs, string AppCs, string AppRole, Settings Settings);

/// <summary>A projection that writes nothing: what the daemon and the adapter cost on their own (l0, r0).</summary>
internal sealed class NoopProjection : IAsyncProjection
{
    public const string ProjectionName = "bench_noop";
    public string Name => ProjectionName;
    public string CreateTablesSql(string schema) => $"create table {schema}.noop (id int primary key);";
    public Task ApplyAsync(IReadOnlyList<RecordedEvent> events, ProjectionWrite write, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>A database with the service's Marten configuration, its schema applied by the owner, our projections registered.</summary>
internal sealed class MartenDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource _source;

    private MartenDatabase(BenchDatabase db, MartenSettings settings, DocumentStore store, NpgsqlDataSource source, MartenEventStore events)
    {
        Db = db; Settings = settings; Store = store; _source = source; Events = events;
    }

    public BenchDatabase Db { get; }
    public MartenSettings Settings { get; }
    public DocumentStore Store { get; }
    public MartenEventStore Events { get; }
    public EventTypeRegistry Types => Settings.Types;
    public string Schema => Settings.SchemaName;

    /// <param name="addProjections">Async projections for the daemon (registered on the owner's apply too, for their tables and grants).</param>
    /// <param name="caseViews">Today's migrations (atencion.case_views) and the inline case view on every append, as the service appends.</param>
    public static async Task<MartenDatabase> CreateAsync(BenchServer server, string name, Action<StoreOptions, EventTypeRegistry> addProjections, bool caseViews)
    {
        var db = await BenchDatabase.CreateAsync(server.Admin, server.AdminCs, server.AppCs, name);
        var types = EventCatalog.Create();
        var settings = new MartenSettings(types, RandomNumberGenerator.GetBytes(32)) { Upcasters = EventCatalog.Upcasters() };
        if (caseViews)
            await new Migrator(db.Admin, server.AppRole, [typeof(MartenEventStore).Assembly, typeof(CaseViews).Assembly]).MigrateAsync();
        await MartenSchema.ApplyAsync(db.Admin, server.AppRole, settings, o => addProjections(o, types));
        var store = DocumentStore.For(o =>
        {
            o.Connection(db.App);
            AtencionMarten.Configure(o, settings);
            addProjections(o, types);
        });
        var source = EventStoreDataSource.Create(db.App);
        var events = new MartenEventStore(store, source, settings, caseViews ? [new CaseViewProjection(types.Json)] : []);
        return new MartenDatabase(db, settings, store, source, events);
    }

    public async Task<long> EventCountAsync() => await Db.ScalarAsync<long>($"select count(*) from {Schema}.mt_events");

    public async ValueTask DisposeAsync()
    {
        Store.Dispose();
        await _source.DisposeAsync();
    }
}

internal static class ProjectionBench
{
    private static string CaseFactsShard => $"{CaseFactsProjection.ProjectionName}:All";
    private static string NoopShard => $"{NoopProjection.ProjectionName}:All";

    private static async Task CheckpointAsync(BenchServer s)
    {
        await using var cp = s.Admin.CreateCommand("checkpoint");
        await cp.ExecuteNonQueryAsync();
    }

    /// <summary>Fills the log to <paramref name="events"/> events (a template case, then clones in chunks of at most 100,000 cases).</summary>
    private static async Task<(LogFiller Filler, TimeSpan Took)> FillAsync(MartenDatabase m, long events, bool caseViews, bool links = false)
    {
        var filler = await LogFiller.CreateAsync(m.Db, m.Events, m.Settings);
        var took = TimeSpan.Zero;
        var cases = (int)((events - await m.EventCountAsync()) / CaseStory.Length);
        while (cases > 0)
        {
            var chunk = Math.Min(cases, 100_000);
            took += await filler.FillAsync(chunk, caseViews, links);
            cases -= chunk;
        }
        return (filler, took);
    }

    // ---------------------------------------------------------------- r1

    public static async Task<List<Result>> RebuildAsync(BenchServer server)
    {
        var s = server.Settings;
        Console.Error.WriteLine($"r1: filling {s.RebuildEvents:N0} events...");
        var results = new List<Result>();
        var m = await MartenDatabase.CreateAsync(server, "atencion_bench_r1", (o, types) =>
        {
            o.AddAtencionAsync(new CaseFactsProjection(types.Json), types);
            o.AddAtencionAsync(new NoopProjection(), types);
        }, caseViews: false);
        try
        {
            // With the chain's links: the daemon reads each page's links (AsyncProjectionAdapter), as it does in the service.
            var (_, took) = await FillAsync(m, s.RebuildEvents, caseViews: false, links: true);
            await m.Db.ExecAsync($"vacuum (analyze) {m.Schema}.mt_events");
            await m.Db.ExecAsync($"vacuum (analyze) {m.Schema}.event_hashes");
            await m.Db.ExecAsync($"vacuum (analyze) {m.Schema}.mt_streams");
            var events = await m.EventCountAsync();
            var cases = await m.Db.ScalarAsync<long>($"select count(*) from {m.Schema}.mt_streams");
            var size = await m.Db.ScalarAsync<string>($"select pg_size_pretty(pg_total_relation_size('{m.Schema}.mt_events'))");
            Console.WriteLine($"r1        daemon defaults: RebuildBatchSize {JasperFx.Events.Daemon.DaemonSettings.RebuildBatchSize}");
            Console.WriteLine($"r1        {events:N0} events in {cases:N0} case streams ({CaseStory.Length} events each, interleaved in windows of {LogFiller.Window} cases), " +
                              $"mt_events {size}; filled in {took.TotalSeconds:F0} s by SQL clones of a case appended through MartenEventStore");

            await using var daemon = new DaemonHandle(await m.Store.BuildProjectionDaemonAsync());
            var raw = new List<double>();
            var rebuild = new List<double>();
            var noop = new List<double>();
            // One rebuild of case_facts (about 6 minutes at 1 M events here), between two raw reads, so that drift hits both sides.
            Console.Error.Write("r1: raw read");
            raw.Add(await RawReadAsync(server, m));
            Console.Error.Write(", rebuild case_facts");
            rebuild.Add(await TimedRebuildAsync(server, m, daemon.Daemon, CaseFactsProjection.ProjectionName, events));
            if (s.WithDiagnostic("r0"))
            {
                Console.Error.Write(", rebuild noop");
                noop.Add(await TimedRebuildAsync(server, m, daemon.Daemon, NoopProjection.ProjectionName, events));
            }
            Console.Error.WriteLine(", raw read");
            raw.Add(await RawReadAsync(server, m));
            var facts = await m.Db.ScalarAsync<long>("select count(*) from proj_case_facts.case_facts");
            var progress = await ProgressAsync(m, CaseFactsShard);
            var max = await m.Db.ScalarAsync<long>($"select max(seq_id) from {m.Schema}.mt_events");
            var ok = facts == cases && progress == max;
            Console.WriteLine($"r1 check  case_facts rows {facts:N0} (case streams {cases:N0}), progress {progress:N0} (max seq_id {max:N0}) {(ok ? "ok" : "MISMATCH")}");
            results.Add(new Result("r1", "rebuild case_facts through Marten's daemon, events/s", rebuild.Average(), "events/s", null, null));
            results.Add(new Result("r1a", "raw read: select seq_id, type, data order by seq_id, events/s", raw.Average(), "events/s", null, null));
            results.Add(new Result("r1/r1a", "rebuild rate / raw read rate", rebuild.Average() / raw.Average(), "ratio",
                null, $"rebuilds {string.Join(" ", rebuild.Select(x => x.ToString("F0")))}; raw reads {string.Join(" ", raw.Select(x => x.ToString("F0")))}"));
            if (noop.Count > 0)
            {
                results.Add(new Result("r0", "rebuild of a projection that writes nothing, events/s", noop.Average(), "events/s", null, null));
                results.Add(new Result("r1/r0", "case_facts rebuild / no-op rebuild", rebuild.Average() / noop.Average(), "ratio", null, null));
            }
            if (!ok) throw new InvalidOperationException("r1: the rebuilt projection does not match the log");
        }
        finally
        {
            await m.DisposeAsync();
            await m.Db.DropAsync(server.Admin);
        }
        return results;
    }

    /// <summary>Every event's sequence number, type and payload, read by Npgsql as the serving role in sequence order: the rebuild's ceiling.</summary>
    private static async Task<double> RawReadAsync(BenchServer server, MartenDatabase m)
    {
        await CheckpointAsync(server);
        await using var conn = new NpgsqlConnection(m.Db.App);
        await conn.OpenAsync();
        var started = Stopwatch.GetTimestamp();
        await using var cmd = new NpgsqlCommand($"select seq_id, type, data from {m.Schema}.mt_events order by seq_id", conn) { CommandTimeout = 0 };
        await using var reader = await cmd.ExecuteReaderAsync();
        long n = 0, chars = 0, last = 0;
        while (await reader.ReadAsync())
        {
            last = reader.GetInt64(0);
            chars += reader.GetString(1).Length + reader.GetString(2).Length;
            n++;
        }
        var rate = n / Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (last == 0 || chars == 0) throw new InvalidOperationException("r1a read nothing");
        return rate;
    }

    private static async Task<double> TimedRebuildAsync(BenchServer server, MartenDatabase m, IProjectionDaemon daemon, string projection, long events)
    {
        await CheckpointAsync(server);
        var started = Stopwatch.GetTimestamp();
        await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(30), CancellationToken.None);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var progress = await ProgressAsync(m, $"{projection}:All");
        var max = await m.Db.ScalarAsync<long>($"select max(seq_id) from {m.Schema}.mt_events");
        if (progress != max) throw new InvalidOperationException($"rebuild of {projection} ended at {progress}, the log at {max}");
        return events / elapsed.TotalSeconds;
    }

    private static async Task<long> ProgressAsync(MartenDatabase m, string shard) =>
        await m.Db.ScalarAsync<long>($"select coalesce((select last_seq_id from {m.Schema}.mt_event_progression where name = '{shard}'), 0)");

    // ---------------------------------------------------------------- l1

    /// <summary>l1 with Marten's polling defaults; l2 (a diagnostic) with the high-water agent polling every <paramref name="polling"/>.</summary>
    public static async Task<List<Result>> LagAsync(BenchServer server, string key, TimeSpan? polling)
    {
        var s = server.Settings;
        var m = await MartenDatabase.CreateAsync(server, $"atencion_bench_{key}", (o, types) =>
        {
            o.AddAtencionAsync(new CaseFactsProjection(types.Json), types);
            o.AddAtencionAsync(new NoopProjection(), types);
            if (polling is { } t) { o.Projections.FastPollingTime = t; o.Projections.SlowPollingTime = t; }
        }, caseViews: true);
        try
        {
            await using var daemon = new DaemonHandle(await m.Store.BuildProjectionDaemonAsync());
            await daemon.Daemon.StartAllAsync();

            const int workers = 8; // enough appends in flight to hold the rate when one append takes longer than its interval
            var warmup = TimeSpan.FromSeconds(Math.Max(s.Warmup, 5));
            var duration = TimeSpan.FromSeconds(s.LagSeconds);
            var interval = workers / s.LagRate; // seconds between one worker's appends
            var appended = new ConcurrentBag<(long Seq, long At, bool Measured)>();
            var progress = new List<(long At, long Facts, long Noop)>();
            using var stopPolling = new CancellationTokenSource();

            var opt = m.Store.Options.Projections;
            Console.WriteLine($"{key}        daemon: FastPollingTime {opt.FastPollingTime.TotalMilliseconds} ms, SlowPollingTime {opt.SlowPollingTime.TotalMilliseconds} ms");
            Console.Error.WriteLine($"{key}: {s.LagRate:F0} events/s for {warmup.TotalSeconds:F0} s warm-up + {duration.TotalSeconds:F0} s, {workers} appenders");
            await CheckpointAsync(server);
            var poller = Task.Run(() => PollProgressAsync(m, progress, stopPolling.Token));
            var start = Stopwatch.GetTimestamp();
            var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
            var end = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            var late = 0L;
            var tasks = Enumerable.Range(0, workers).Select(i => Task.Run(async () =>
            {
                // Open loop: each worker appends on its own schedule, whatever the previous append took.
                var next = start + (long)(i * interval / workers * Stopwatch.Frequency);
                var step = (long)(interval * Stopwatch.Frequency);
                var caseId = Guid.NewGuid();
                var version = 0;
                while (next < end)
                {
                    var wait = next - Stopwatch.GetTimestamp();
                    if (wait > 0) await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
                    else if (-wait > step) Interlocked.Increment(ref late);
                    if (version == CaseStory.Length) { caseId = Guid.NewGuid(); version = 0; }
                    var result = await m.Events.AppendAsync(CaseStory.Tenant, caseId, EventCatalog.CaseStream,
                        version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(version),
                        [CaseStory.Event(caseId, version + 1, $"2026-L{caseId:N}"[..16])], CaseStory.Metadata());
                    var at = Stopwatch.GetTimestamp();
                    version++;
                    appended.Add((result.Events[^1].Seq, at, next >= measureFrom));
                    next += step;
                }
            })).ToArray();
            await Task.WhenAll(tasks);
            var loadSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var lastSeq = appended.Max(a => a.Seq);
            var deadline = Stopwatch.GetTimestamp() + 60 * Stopwatch.Frequency;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                (long At, long Facts, long Noop) last;
                lock (progress) last = progress.Count > 0 ? progress[^1] : default;
                if (last.Facts >= lastSeq && last.Noop >= lastSeq) break;
                await Task.Delay(50);
            }
            await stopPolling.CancelAsync();
            await poller;

            (long At, long Facts, long Noop)[] seen;
            lock (progress) seen = progress.ToArray();
            var measured = appended.Where(a => a.Measured).OrderBy(a => a.Seq).ToArray();
            var facts = Lags(measured, seen, p => p.Facts);
            var noop = Lags(measured, seen, p => p.Noop);
            var pollMs = seen.Length > 1 ? (seen[^1].At - seen[0].At) * 1000.0 / Stopwatch.Frequency / (seen.Length - 1) : double.NaN;
            // Achieved: the measured appends over the time from the first one's commit to the last one's.
            var span = measured.Length > 1 ? (measured.Max(a => a.At) - measured.Min(a => a.At)) / (double)Stopwatch.Frequency : double.NaN;
            var rate = measured.Length / span;
            var suffix = polling is { } pt ? $", polling {pt.TotalMilliseconds} ms" : "";
            var noopKey = key == "l1" ? "l0" : key + "'";
            Console.WriteLine($"{key}        {measured.Length:N0} appends measured ({rate:F0}/s achieved, {s.LagRate:F0}/s asked, {late} of all appends started more than one interval behind schedule), " +
                              $"one event each through MartenEventStore.AppendAsync with the inline case view; load {loadSeconds:F0} s; progress polled every {pollMs:F1} ms; " +
                              $"not seen within 60 s: case_facts {facts.Missing}, noop {noop.Missing}");
            var results = new List<Result>
            {
                new($"{key} p50", $"case_facts lag p50 (append committed -> progress covers it){suffix}", facts.P50, "s", null, null),
                new($"{key} p99", $"case_facts lag p99{suffix}", facts.P99, "s", polling is null ? 0.5 : null, $"max {facts.Max:F3} s", GoalIsCeiling: true),
                new($"{noopKey} p50", $"no-op projection lag p50 (the daemon alone){suffix}", noop.P50, "s", null, null),
                new($"{noopKey} p99", $"no-op projection lag p99{suffix}", noop.P99, "s", null, $"max {noop.Max:F3} s"),
                new($"{key}/{noopKey}", $"case_facts p99 / no-op p99{suffix}", facts.P99 / noop.P99, "ratio", null, null),
                new($"{key} rate", $"appends achieved / asked{suffix}", rate / s.LagRate, "ratio", null, null),
            };
            if (facts.Missing > 0) throw new InvalidOperationException($"{key}: {facts.Missing} appends were never projected");
            return results;
        }
        finally
        {
            await m.DisposeAsync();
            await m.Db.DropAsync(server.Admin);
        }
    }

    private static async Task PollProgressAsync(MartenDatabase m, List<(long At, long Facts, long Noop)> progress, CancellationToken stop)
    {
        await using var conn = new NpgsqlConnection(m.Db.App);
        await conn.OpenAsync(CancellationToken.None);
        await using var cmd = new NpgsqlCommand($"""
            select coalesce(max(last_seq_id) filter (where name = '{CaseFactsShard}'), 0),
                   coalesce(max(last_seq_id) filter (where name = '{NoopShard}'), 0)
            from {m.Schema}.mt_event_progression
            """, conn);
        await cmd.PrepareAsync(CancellationToken.None);
        while (!stop.IsCancellationRequested)
        {
            long facts, noop;
            await using (var r = await cmd.ExecuteReaderAsync(CancellationToken.None))
            {
                await r.ReadAsync(CancellationToken.None);
                facts = r.GetInt64(0);
                noop = r.GetInt64(1);
            }
            // The instant the answer arrived: the progress (and so the rows, committed with it) was visible by then.
            lock (progress) progress.Add((Stopwatch.GetTimestamp(), facts, noop));
            try { await Task.Delay(5, stop); } catch (OperationCanceledException) { }
        }
    }

    private sealed record LagStats(double P50, double P99, double Max, int Missing);

    /// <summary>For each append, the first poll after its commit returned whose progress covers its sequence number.</summary>
    private static LagStats Lags((long Seq, long At, bool Measured)[] appends, (long At, long Facts, long Noop)[] seen, Func<(long At, long Facts, long Noop), long> of)
    {
        var lags = new List<double>();
        var missing = 0;
        foreach (var a in appends)
        {
            var lo = 0;
            var hi = seen.Length;
            while (lo < hi) { var mid = (lo + hi) / 2; if (seen[mid].At < a.At) lo = mid + 1; else hi = mid; }
            var i = lo;
            while (i < seen.Length && of(seen[i]) < a.Seq) i++;
            if (i == seen.Length) { missing++; continue; }
            lags.Add((seen[i].At - a.At) / (double)Stopwatch.Frequency);
        }
        lags.Sort();
        double Pct(double p) => lags.Count == 0 ? double.NaN : lags[Math.Min(lags.Count - 1, (int)(p * lags.Count))];
        return new LagStats(Pct(0.50), Pct(0.99), lags.Count == 0 ? double.NaN : lags[^1], missing);
    }
}

/// <summary>Stops and disposes a daemon.</summary>
internal sealed class DaemonHandle(IProjectionDaemon daemon) : IAsyncDisposable
{
    public IProjectionDaemon Daemon { get; } = daemon;

    public async ValueTask DisposeAsync()
    {
        try { await Daemon.StopAllAsync(); } catch (Exception e) { Console.Error.WriteLine($"daemon stop: {e.Message}"); }
        Daemon.Dispose();
    }
}

/// <summary>One row of the projections-and-reads table.</summary>
/// <param name="Goal">The goal, when issue 14 sets one: a floor for ratios, a ceiling when <paramref name="GoalIsCeiling"/>.</param>
internal sealed record Result(string Key, string What, double Value, string Unit, double? Goal, string? Note, bool GoalIsCeiling = false)
{
    public string Verdict => Goal is not { } g ? "(no goal)" : (GoalIsCeiling ? Value <= g : Value >= g) ? "MET" : "NOT MET";
    public string GoalText => Goal is not { } g ? "-" : GoalIsCeiling ? $"<= {g:0.###}" : $">= {g:0.###}";
}
