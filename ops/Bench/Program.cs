using Atencion.EventStore.Marten;
using Atencion.EventStore.Marten.Store;
using Marten;
// Throughput of the service's append (MartenEventStore.AppendAsync) and of plain Marten sessions against the raw PostgreSQL ceiling, on the
// same server, with the same payload, durability and connection count. Run it with ops/bench (see docs/benchmarks.md).
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Atencion.EventStore;
using Atencion.EventStore.Schema;
using JasperFx.Events;
using Npgsql;
using NpgsqlTypes;

namespace Atencion.Bench;

/// <summary>The benchmark's event: about 1 KB of JSON.</summary>
public sealed record BenchEvent(Guid CaseId, long Number, string Subject, string Body);

internal sealed record Settings(int Connections, double Seconds, double Warmup, int Rounds, int Batch, string[]? Only)
{
    /// <summary>The append rows' keys, run by default.</summary>
    public static readonly string[] AppendKeys = ["1a", "1b", "1m", "1q", "2a", "2b", "2m", "2q"];

    /// <summary>The projection and read rows' keys (docs/benchmarks.md, "Projections and reads on Marten"), run by default.</summary>
    public static readonly string[] ProjectionKeys = ["r1", "l1", "g1"];

    /// <summary>The scheduled jobs' rows (docs/benchmarks.md, "Scheduled jobs"), run by default.</summary>
    public static readonly string[] JobKeys = ["h1"];

    /// <summary>Diagnostics of the projection rows, run only when named.</summary>
    public static readonly string[] ProjectionDiagnostics = ["r0", "l2"];

    /// <summary>r1: events in the log rebuilt.</summary>
    public long RebuildEvents { get; init; } = 1_000_000;

    /// <summary>l1: appends per second, and seconds measured.</summary>
    public double LagRate { get; init; } = 300;
    public double LagSeconds { get; init; } = 60;

    /// <summary>g1: events in the large and the small store.</summary>
    public long GetEvents { get; init; } = 10_000_000;
    public long GetSmallEvents { get; init; } = 10_000;

    /// <summary>Whether a projection row runs: every one on a full run, else those named with --only.</summary>
    public bool Runs(string key) => Only is null ? !ProjectionDiagnostics.Contains(key) : Only.Contains(key);

    /// <summary>Whether a diagnostic was named with --only.</summary>
    public bool WithDiagnostic(string key) => Only?.Contains(key) == true;

    /// <summary>Whether any append row runs.</summary>
    public bool RunsAppends => Only is null || Only.Any(k => !ProjectionKeys.Contains(k) && !ProjectionDiagnostics.Contains(k) && !JobKeys.Contains(k));

    public static Settings Parse(string[] args)
    {
        var s = new Settings(8, 10, 2, 2, 100, null);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            double Num() => double.Parse(Next(), CultureInfo.InvariantCulture);
            s = args[i] switch
            {
                "--connections" => s with { Connections = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--seconds" => s with { Seconds = Num() },
                "--warmup" => s with { Warmup = Num() },
                "--rounds" => s with { Rounds = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--batch" => s with { Batch = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--only" => s with { Only = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--rebuild-events" => s with { RebuildEvents = (long)Num() },
                "--lag-rate" => s with { LagRate = Num() },
                "--lag-seconds" => s with { LagSeconds = Num() },
                "--get-events" => s with { GetEvents = (long)Num() },
                "--get-small-events" => s with { GetSmallEvents = (long)Num() },
                _ => throw new ArgumentException($"unknown argument '{args[i]}' (known: --connections N --seconds S --warmup S --rounds R --batch B --only 1a,1b,1m,1q,2a,2b,2m,2q,r1,l1,g1,h1 and diagnostics x1..x5,r0,l2; --rebuild-events N --lag-rate R --lag-seconds S --get-events N --get-small-events N)"),
            };
        }
        if (s.Connections < 1 || s.Seconds <= 0 || s.Warmup < 0 || s.Rounds < 1 || s.Batch < 1)
            throw new ArgumentException("--connections, --seconds, --rounds and --batch must be positive, --warmup not negative");
        if (s.RebuildEvents < 1000 || s.LagRate <= 0 || s.LagSeconds <= 0 || s.GetSmallEvents < 3000 || s.GetEvents < s.GetSmallEvents)
            throw new ArgumentException("--rebuild-events >= 1000, --lag-rate and --lag-seconds positive, 3000 <= --get-small-events <= --get-events");
        return s;
    }
}

/// <summary>One worker: one step commits EventsPerOp events.</summary>
internal interface IWorker : IAsyncDisposable
{
    Task StepAsync();
}

/// <summary>Where a workload's rows go: the raw table, today's store, or Marten's events table.</summary>
internal enum Side { Raw, Store, Marten }

internal sealed record Workload(string Key, string Label, int EventsPerOp, Side Side, Func<Task<IWorker>> CreateWorker);

internal sealed record Sample(long Events, long Ops, TimeSpan Elapsed, long[] LatencyTicks)
{
    public double EventsPerSecond => Events / Elapsed.TotalSeconds;
}

/// <summary>A worker's own streams: each stream takes <c>length</c> events, then the worker starts a new one.</summary>
internal sealed class StreamCursor(int length)
{
    public Guid Stream { get; private set; } = Guid.NewGuid();
    public long Version { get; private set; }

    public void Advance(int k)
    {
        Version += k;
        if (Version >= length) { Stream = Guid.NewGuid(); Version = 0; }
    }
}

/// <summary>What both sides write: the same event objects, serialized by the same registry.</summary>
internal sealed class Payload
{
    public const string Tenant = "bench";
    public const string StreamType = "case";
    private readonly string _body;

    public Payload(EventTypeRegistry types)
    {
        Types = types;
        var empty = types.Serialize(new BenchEvent(Guid.NewGuid(), 1, Subject, "")).Length;
        var sb = new StringBuilder();
        var words = "la ciudadana solicita informacion sobre el estado de su peticion radicada ante la personeria municipal y pide respuesta de fondo dentro del termino legal".Split(' ');
        for (var i = 0; sb.Length < 1024 - empty; i++) sb.Append(words[i % words.Length]).Append(' ');
        _body = sb.ToString(0, 1024 - empty);
    }

    public const string Subject = "Derecho de peticion: solicitud de informacion";
    public EventTypeRegistry Types { get; }
    public BenchEvent Event(Guid stream, long version) => new(stream, version, Subject, _body);
    public static EventMetadata Metadata() => new("bench", "system", null, "api", Guid.NewGuid());
}

/// <summary>Ceiling 1a: one autocommit INSERT of one row (its own transaction and commit) on a dedicated connection.</summary>
internal sealed class RawInsertWorker : IWorker
{
    public const string Sql = """
        insert into atencion_bench.raw_events (tenant_id, stream_id, version, event_id, event_type, data, metadata, recorded_at, hash)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        """;

    private readonly NpgsqlConnection _conn;
    private readonly Payload _payload;
    private readonly StreamCursor _cursor;

    private RawInsertWorker(NpgsqlConnection conn, Payload payload, int streamLength)
    {
        _conn = conn; _payload = payload; _cursor = new StreamCursor(streamLength);
    }

    public static async Task<IWorker> CreateAsync(NpgsqlDataSource source, Payload payload, int streamLength) =>
        new RawInsertWorker(await source.OpenConnectionAsync(), payload, streamLength);

    public async Task StepAsync()
    {
        var version = _cursor.Version + 1;
        var evt = _payload.Event(_cursor.Stream, version);
        await using var cmd = new NpgsqlCommand(Sql, _conn);
        var p = cmd.Parameters;
        p.Add(new NpgsqlParameter<string>{ TypedValue = Payload.Tenant, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter<Guid> { TypedValue = _cursor.Stream });
        p.Add(new NpgsqlParameter<long> { TypedValue = version });
        p.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7() });
        p.Add(new NpgsqlParameter<string> { TypedValue = _payload.Types.NameOf(evt), NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter<string> { TypedValue = _payload.Types.Serialize(evt), NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(new NpgsqlParameter<string> { TypedValue = _payload.Types.SerializeMetadata(Payload.Metadata()), NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.UtcNow });
        p.Add(new NpgsqlParameter<byte[]> { TypedValue = RandomNumberGenerator.GetBytes(32) });
        await cmd.ExecuteNonQueryAsync();
        _cursor.Advance(1);
    }

    public ValueTask DisposeAsync() => _conn.DisposeAsync();
}

/// <summary>
/// Diagnostic x1 (not a ceiling): the same INSERT, but in the store's transaction shape: a connection rented from the
/// pool per commit, BEGIN sent with the INSERT, then a separate COMMIT round trip.
/// </summary>
internal sealed class RawInsertInTransactionWorker(NpgsqlDataSource source, Payload payload, int streamLength) : IWorker
{
    private readonly StreamCursor _cursor = new(streamLength);

    public async Task StepAsync()
    {
        var version = _cursor.Version + 1;
        var evt = payload.Event(_cursor.Stream, version);
        await using var conn = await source.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using var cmd = new NpgsqlCommand(RawInsertWorker.Sql, conn, tx);
        var p = cmd.Parameters;
        p.Add(new NpgsqlParameter<string> { TypedValue = Payload.Tenant, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter<Guid> { TypedValue = _cursor.Stream });
        p.Add(new NpgsqlParameter<long> { TypedValue = version });
        p.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7() });
        p.Add(new NpgsqlParameter<string> { TypedValue = payload.Types.NameOf(evt), NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter<string> { TypedValue = payload.Types.Serialize(evt), NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(new NpgsqlParameter<string> { TypedValue = payload.Types.SerializeMetadata(Payload.Metadata()), NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.UtcNow });
        p.Add(new NpgsqlParameter<byte[]> { TypedValue = RandomNumberGenerator.GetBytes(32) });
        await cmd.ExecuteNonQueryAsync();
        await tx.CommitAsync();
        _cursor.Advance(1);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>Ceiling 2a: one autocommit binary COPY of a batch of rows (one transaction) on a dedicated connection.</summary>
internal sealed class RawCopyWorker : IWorker
{
    private const string Copy = """
        copy atencion_bench.raw_events (tenant_id, stream_id, version, event_id, event_type, data, metadata, recorded_at, hash)
        from stdin (format binary)
        """;

    private readonly NpgsqlConnection _conn;
    private readonly Payload _payload;
    private readonly StreamCursor _cursor;
    private readonly int _batch;

    private RawCopyWorker(NpgsqlConnection conn, Payload payload, int streamLength, int batch)
    {
        _conn = conn; _payload = payload; _cursor = new StreamCursor(streamLength); _batch = batch;
    }

    public static async Task<IWorker> CreateAsync(NpgsqlDataSource source, Payload payload, int streamLength, int batch) =>
        new RawCopyWorker(await source.OpenConnectionAsync(), payload, streamLength, batch);

    public async Task StepAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var meta = _payload.Types.SerializeMetadata(Payload.Metadata());
        await using (var copy = await _conn.BeginBinaryImportAsync(Copy))
        {
            for (var i = 1; i <= _batch; i++)
            {
                var evt = _payload.Event(_cursor.Stream, _cursor.Version + i);
                await copy.StartRowAsync();
                await copy.WriteAsync(Payload.Tenant, NpgsqlDbType.Text);
                await copy.WriteAsync(_cursor.Stream, NpgsqlDbType.Uuid);
                await copy.WriteAsync(_cursor.Version + i, NpgsqlDbType.Bigint);
                await copy.WriteAsync(Guid.CreateVersion7(now), NpgsqlDbType.Uuid);
                await copy.WriteAsync(_payload.Types.NameOf(evt), NpgsqlDbType.Text);
                await copy.WriteAsync(_payload.Types.Serialize(evt), NpgsqlDbType.Jsonb);
                await copy.WriteAsync(meta, NpgsqlDbType.Jsonb);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(RandomNumberGenerator.GetBytes(32), NpgsqlDbType.Bytea);
            }
            await copy.CompleteAsync();
        }
        _cursor.Advance(_batch);
    }

    public ValueTask DisposeAsync() => _conn.DisposeAsync();
}

/// <summary>1b / 2b: the service's append (MartenEventStore.AppendAsync: Marten Quick, the stream's row lock, the chain's fold) on the worker's own streams with the exact expected version.</summary>
internal sealed class StoreWorker(MartenEventStore store, Payload payload, int streamLength, int batch) : IWorker
{
    private readonly StreamCursor _cursor = new(streamLength);
    private readonly TenantId _tenant = new(Payload.Tenant);

    public async Task StepAsync()
    {
        var events = new object[batch];
        for (var i = 0; i < batch; i++) events[i] = payload.Event(_cursor.Stream, _cursor.Version + 1 + i);
        var expected = _cursor.Version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(_cursor.Version);
        var result = await store.AppendAsync(_tenant, _cursor.Stream, Payload.StreamType, expected, events, Payload.Metadata());
        if (result.Version != _cursor.Version + batch)
            throw new InvalidOperationException($"stream {_cursor.Stream} is at {result.Version}, expected {_cursor.Version + batch}");
        _cursor.Advance(batch);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

internal static class Program
{
    private const string SingleStreamLength = "100";
    private const string BatchStreamLength = "1000";

    private static async Task<int> Main(string[] args)
    {
        Settings settings;
        try { settings = Settings.Parse(args); }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }

        var adminCs = Environment.GetEnvironmentVariable("ATENCION_BENCH_ADMIN");
        var appCs = Environment.GetEnvironmentVariable("ATENCION_BENCH_APP");
        if (string.IsNullOrWhiteSpace(adminCs) || string.IsNullOrWhiteSpace(appCs))
        {
            Console.Error.WriteLine("error: set ATENCION_BENCH_ADMIN (superuser) and ATENCION_BENCH_APP (the service role) connection strings; ops/bench does it for you");
            return 2;
        }
        var appRole = new NpgsqlConnectionStringBuilder(appCs).Username ?? "atencion_app";
        var appBuilder = new NpgsqlConnectionStringBuilder(appCs);
        // Enough pooled connections for the workers on both data sources; nothing else is changed.
        if (appBuilder.MaxPoolSize < settings.Connections + 2) appBuilder.MaxPoolSize = settings.Connections + 2;
        appCs = appBuilder.ConnectionString;

        var started = Stopwatch.GetTimestamp();
        if (settings.RunsAppends)
        {
            var code = await RunAppendsAsync(settings, adminCs, appCs, appRole);
            if (code != 0) return code;
        }
        if (Settings.ProjectionKeys.Concat(Settings.ProjectionDiagnostics).Any(settings.Runs))
        {
            await using var admin = NpgsqlDataSource.Create(adminCs);
            await ProjectionRows.RunAsync(new BenchServer(admin, adminCs, appCs, appRole, settings));
        }
        if (Settings.JobKeys.Any(settings.Runs))
        {
            await using var admin = NpgsqlDataSource.Create(adminCs);
            var took = Stopwatch.GetTimestamp();
            var results = await IdleChatLateness.RunAsync(new BenchServer(admin, adminCs, appCs, appRole, settings));
            Console.WriteLine();
            Console.WriteLine($"scheduled jobs on Hangfire (the service's own host; took {Stopwatch.GetElapsedTime(took).TotalSeconds:F0} s):");
            Console.WriteLine($"{"key",-11} {"what",-70} {"value",10} {"goal",8}  met?");
            foreach (var r in results)
                Console.WriteLine($"{r.Key,-11} {r.What,-70} {r.Value.ToString("F2", CultureInfo.InvariantCulture) + " s",10} {r.GoalText,8}  {(r.Goal is null ? "" : r.Verdict)}{(r.Note is null ? "" : "  (" + r.Note + ")")}");
        }
        Console.WriteLine();
        Console.WriteLine($"took      {Stopwatch.GetElapsedTime(started).TotalMinutes:F1} min");
        return 0;
    }

    private static async Task<int> RunAppendsAsync(Settings settings, string adminCs, string appCs, string appRole)
    {
        await new Migrator(adminCs, appRole, [typeof(MartenEventStore).Assembly]).MigrateAsync();
        await using var admin = NpgsqlDataSource.Create(adminCs);
        await using (var cmd = admin.CreateCommand($"""
            drop schema if exists atencion_bench cascade;
            create schema atencion_bench;
            -- The same columns, defaults and indexes as atencion.events (seq primary key, unique (tenant, stream,
            -- version), (tx_id, seq)); no triggers, but the append-only ones on atencion.events do not fire on insert.
            create table atencion_bench.raw_events (
                seq         bigint generated always as identity primary key,
                tx_id       xid8        not null default pg_current_xact_id(),
                tenant_id   text        not null,
                stream_id   uuid        not null,
                version     bigint      not null,
                event_id    uuid        not null,
                event_type  text        not null,
                data        jsonb       not null,
                metadata    jsonb       not null,
                recorded_at timestamptz not null,
                hash        bytea       not null,
                unique (tenant_id, stream_id, version));
            create index raw_events_feed on atencion_bench.raw_events (tx_id, seq);
            grant usage on schema atencion_bench to {appRole};
            grant select, insert on atencion_bench.raw_events to {appRole};
            """))
            await cmd.ExecuteNonQueryAsync();
        await MartenBench.CreateSchemaAsync(admin, appRole);

        var types = new EventTypeRegistry(new JsonSerializerOptions(JsonSerializerDefaults.Web)).Register<BenchEvent>();
        var payload = new Payload(types);
        await using var ceilingSource = NpgsqlDataSource.Create(appCs);
        await using var storeSource = EventStoreDataSource.Create(appCs); // the store as the service runs it
        var chainKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        // The service's store: Marten configured by AtencionMarten, its schema (atencion_es) applied by the owner.
        var serviceSettings = new MartenSettings(types, chainKey);
        await MartenSchema.ApplyAsync(adminCs, appRole, serviceSettings);
        using var serviceMarten = DocumentStore.For(o => { o.Connection(storeSource); AtencionMarten.Configure(o, serviceSettings); });
        // Appends wake readers with Marten's own NOTIFY, inside its batch (our NOTIFY after commit went with the hand-made feed).
        var service = new MartenEventStore(serviceMarten, storeSource, serviceSettings);
        // Marten as issue 14 will run it: the service role, AutoCreate.None, lightweight sessions, one data source with
        // the store's pool settings plus automatic preparation. One store per append mode, on the same tables.
        await using var martenSource = MartenBench.CreateDataSource(appCs);
        await using var martenRich = MartenBench.CreateStore(martenSource, EventAppendMode.Rich);
        await using var martenQuick = MartenBench.CreateStore(martenSource, EventAppendMode.QuickWithServerTimestamps);
        // Diagnostics: Npgsql's defaults (session reset on every return, nothing prepared).
        await using var plainSource = NpgsqlDataSource.Create(appCs);
        await using var plainRich = MartenBench.CreateStore(plainSource, EventAppendMode.Rich);
        await using var plainQuick = MartenBench.CreateStore(plainSource, EventAppendMode.QuickWithServerTimestamps);
        int single = int.Parse(SingleStreamLength, CultureInfo.InvariantCulture), batched = int.Parse(BatchStreamLength, CultureInfo.InvariantCulture);
        var b = settings.Batch;

        Task<IWorker> OnMarten(Marten.IDocumentStore store, int streamLength, int batch, bool identityMap = false) =>
            Task.FromResult<IWorker>(new MartenWorker(store, payload, streamLength, batch, identityMap));

        Workload[] workloads =
        [
            new("1a", "single  raw INSERT + commit (ceiling)", 1, Side.Raw, () => RawInsertWorker.CreateAsync(ceilingSource, payload, single)),
            new("1b", "single  AppendAsync", 1, Side.Store, () => Task.FromResult<IWorker>(new StoreWorker(service, payload, single, 1))),
            new("1m", "single  Marten Rich", 1, Side.Marten, () => OnMarten(martenRich, single, 1)),
            new("1q", "single  Marten QuickWithServerTimestamps", 1, Side.Marten, () => OnMarten(martenQuick, single, 1)),
            new("2a", $"batch{b} binary COPY (ceiling)", b, Side.Raw, () => RawCopyWorker.CreateAsync(ceilingSource, payload, batched, b)),
            new("2b", $"batch{b} AppendAsync", b, Side.Store, () => Task.FromResult<IWorker>(new StoreWorker(service, payload, batched, b))),
            new("2m", $"batch{b} Marten Rich", b, Side.Marten, () => OnMarten(martenRich, batched, b)),
            new("2q", $"batch{b} Marten QuickWithServerTimestamps", b, Side.Marten, () => OnMarten(martenQuick, batched, b)),
        ];

        // Diagnostics, run only when named with --only: they help attribute a gap, they are not part of the goals.
        Workload[] diagnostics =
        [
            new("x1", "single  raw INSERT, pooled conn, BEGIN/COMMIT", 1, Side.Raw, () => Task.FromResult<IWorker>(new RawInsertInTransactionWorker(ceilingSource, payload, single))),
            new("x3", "single  as 1q, Npgsql defaults", 1, Side.Marten, () => OnMarten(plainQuick, single, 1)),
            new("x4", "single  as 1m, Npgsql defaults", 1, Side.Marten, () => OnMarten(plainRich, single, 1)),
            new("x5", "single  as 1q, identity-map session", 1, Side.Marten, () => OnMarten(martenQuick, single, 1, identityMap: true)),
        ];
        if (settings.Only is { } only)
        {
            var known = workloads.Concat(diagnostics).ToArray();
            if (only.FirstOrDefault(k => known.All(w => w.Key != k) && !Settings.ProjectionKeys.Contains(k) && !Settings.ProjectionDiagnostics.Contains(k) && !Settings.JobKeys.Contains(k)) is { } unknown)
            {
                Console.Error.WriteLine($"error: --only: unknown workload '{unknown}' (known: {string.Join(',', known.Select(w => w.Key).Concat(Settings.ProjectionKeys).Concat(Settings.JobKeys).Concat(Settings.ProjectionDiagnostics))})");
                return 2;
            }
            workloads = known.Where(w => only.Contains(w.Key)).ToArray();
        }

        string[] refusals = [$"Rich:  {await MartenBench.CheckRefusalsAsync(martenRich, payload)}",
                             $"Quick: {await MartenBench.CheckRefusalsAsync(martenQuick, payload)}"];
        await PrintHeaderAsync(settings, workloads, admin, ceilingSource, payload, appRole, single, batched, martenQuick, refusals);

        var counted = new Dictionary<Side, long> { [Side.Raw] = 0, [Side.Store] = 0, [Side.Marten] = 0 };
        void Count(Workload w, Sample s) => counted[w.Side] += s.Events;

        if (settings.Warmup > 0)
        {
            Console.Error.Write("warm-up:");
            foreach (var w in workloads)
            {
                Console.Error.Write($" {w.Key}");
                Count(w, await MeasureAsync(w, settings.Connections, TimeSpan.FromSeconds(settings.Warmup), admin));
            }
            Console.Error.WriteLine();
        }

        var samples = workloads.ToDictionary(w => w.Key, _ => new List<Sample>());
        for (var r = 0; r < settings.Rounds; r++)
        {
            var order = r % 2 == 0 ? workloads : workloads.Reverse().ToArray();
            Console.Error.Write($"round {r + 1}/{settings.Rounds}:");
            foreach (var w in order)
            {
                Console.Error.Write($" {w.Key}");
                var s = await MeasureAsync(w, settings.Connections, TimeSpan.FromSeconds(settings.Seconds), admin);
                samples[w.Key].Add(s);
                Count(w, s);
            }
            Console.Error.WriteLine();
        }

        PrintResults(settings, workloads, samples);
        await CheckCountsAsync(admin, counted);
        return 0;
    }

    private static async Task<Sample> MeasureAsync(Workload w, int n, TimeSpan duration, NpgsqlDataSource admin)
    {
        // Every measurement starts right after a checkpoint, so that full-page writes weigh the same on each.
        await using (var cp = admin.CreateCommand("checkpoint")) await cp.ExecuteNonQueryAsync();
        var workers = new IWorker[n];
        for (var i = 0; i < n; i++) workers[i] = await w.CreateWorker();
        var latencies = new List<long>[n];
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deadline = 0L;
        var tasks = Enumerable.Range(0, n).Select(i => Task.Run(async () =>
        {
            var lat = latencies[i] = new List<long>(8192);
            await go.Task;
            while (Stopwatch.GetTimestamp() < Volatile.Read(ref deadline))
            {
                var t0 = Stopwatch.GetTimestamp();
                await workers[i].StepAsync();
                lat.Add(Stopwatch.GetTimestamp() - t0);
            }
        })).ToArray();
        var start = Stopwatch.GetTimestamp();
        Volatile.Write(ref deadline, start + (long)(duration.TotalSeconds * Stopwatch.Frequency));
        go.SetResult();
        await Task.WhenAll(tasks);
        // Elapsed until the last worker's last commit: operations that started before the deadline all count.
        var elapsed = Stopwatch.GetElapsedTime(start);
        foreach (var worker in workers) await worker.DisposeAsync();
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new Sample(all.LongLength * w.EventsPerOp, all.LongLength, elapsed, all);
    }

    private static async Task PrintHeaderAsync(Settings s, Workload[] workloads, NpgsqlDataSource admin, NpgsqlDataSource app, Payload payload,
        string appRole, int single, int batched, Marten.DocumentStore marten, string[] refusals)
    {
        var memKb = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").Where(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
                .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).FirstOrDefault()
            : 0;
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        await using var conn = await app.OpenConnectionAsync();
        async Task<string> Show(string name)
        {
            await using var cmd = new NpgsqlCommand($"show {name}", conn);
            return (string)(await cmd.ExecuteScalarAsync())!;
        }
        var version = await Show("server_version");
        var fsync = await Show("fsync");
        var syncCommit = await Show("synchronous_commit");
        var extra = new List<string>();
        foreach (var name in new[] { "full_page_writes", "wal_sync_method", "commit_delay", "shared_buffers", "max_wal_size" })
            extra.Add($"{name}={await Show(name)}");
        await using var dirCmd = admin.CreateCommand("show data_directory");
        var dataDir = (string)(await dirCmd.ExecuteScalarAsync())!;

        var sampleEvent = payload.Event(Guid.NewGuid(), 1);
        var dataBytes = Encoding.UTF8.GetByteCount(payload.Types.Serialize(sampleEvent));
        var metaBytes = Encoding.UTF8.GetByteCount(payload.Types.SerializeMetadata(Payload.Metadata()));
        var martenJson = marten.Options.Serializer();
        var martenDataBytes = Encoding.UTF8.GetByteCount(martenJson.ToJson(sampleEvent));
        var sampleMeta = Payload.Metadata();
        var martenHeaderBytes = Encoding.UTF8.GetByteCount(martenJson.ToJson(new Dictionary<string, object?> { ["role"] = sampleMeta.Role, ["channel"] = sampleMeta.Channel }));
        var martenVersion = typeof(Marten.DocumentStore).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "?";
        var martenIndexes = new List<string>();
        await using (var ix = admin.CreateCommand($"""
            select indexname || ' ' || substring(indexdef from 'USING \w+ (.*)$') from pg_indexes
            where schemaname = '{MartenBench.Schema}' and tablename = 'mt_events' order by indexname
            """))
        await using (var reader = await ix.ExecuteReaderAsync())
            while (await reader.ReadAsync()) martenIndexes.Add(reader.GetString(0));

        Console.WriteLine($"Atencion event store benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"machine   {Environment.ProcessorCount} cpus ({cpu ?? "?"}), {memKb / 1024.0 / 1024.0:F1} GiB RAM, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        Console.WriteLine($"server    PostgreSQL {version}, data directory {dataDir} (client and server share the machine)");
        Console.WriteLine($"durability (show ..., in a session as {appRole}): fsync={fsync} synchronous_commit={syncCommit}; {string.Join(' ', extra)}");
        Console.WriteLine($"payload   data {dataBytes} B JSON (jsonb), metadata {metaBytes} B JSON (jsonb), hash 32 B; the same objects serialized by the same registry on both sides");
        Console.WriteLine($"tables    atencion_es (the service's Marten store, with the chain's event_hashes and stream_heads) and {MartenBench.Schema} (plain Marten)");
        Console.WriteLine($"          vs atencion_bench.raw_events: seq identity pk, unique (tenant_id, stream_id, version), (tx_id xid8 default pg_current_xact_id(), seq)");
        Console.WriteLine($"method    {s.Connections} concurrent connections, each worker on its own streams ({single} events per stream for single commits, {batched} for batches);");
        Console.WriteLine($"          ceilings hold one connection per worker and commit in autocommit (INSERT, or COPY of {s.Batch} rows, = one transaction);");
        Console.WriteLine($"          AppendAsync rents from its pool per call, exact expected version (NoStream for a new stream);");
        Console.WriteLine($"          Marten: one lightweight session (no identity map) and one SaveChangesAsync per operation, tenant '{Payload.Tenant}',");
        Console.WriteLine($"          StartStream for a new stream, else Append with the exact expected version;");
        Console.WriteLine($"          1m/2m Rich, 1q/2q QuickWithServerTimestamps (Marten 9's default); a pool with No Reset On Close and Max Auto Prepare=20");
        Console.WriteLine($"marten    Marten {martenVersion}, schema {MartenBench.Schema} applied by the admin role, appends as {appRole} (AutoCreate.None);");
        Console.WriteLine($"          conjoined tenancy; columns correlation_id, causation_id, user_name, headers on (same values as the metadata above:");
        Console.WriteLine($"          user, correlation, causation as columns, role and channel as headers {martenHeaderBytes} B); data {martenDataBytes} B JSON (Marten's");
        Console.WriteLine($"          System.Text.Json, camelCase); no hash column; mt_events indexes: {string.Join("; ", martenIndexes)}");
        Console.WriteLine($"          refused before the run, as {appRole}:");
        foreach (var line in refusals) Console.WriteLine($"            {line}");
        Console.WriteLine($"          warm-up {s.Warmup:0.#} s per workload, then {s.Rounds} round(s) of {s.Seconds:0.#} s per workload, order {string.Join(' ', workloads.Select(w => w.Key))} in odd");
        Console.WriteLine($"          rounds and reversed in even rounds (drift hits both sides alike); CHECKPOINT before every measurement;");
        Console.WriteLine($"          events/s = events committed / time until the last worker's last commit; result = mean over rounds");
        Console.WriteLine();
    }

    private static void PrintResults(Settings s, Workload[] workloads, Dictionary<string, List<Sample>> samples)
    {
        double Mean(string key) => samples[key].Average(x => x.EventsPerSecond);
        static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        static double Pct(long[] sorted, double p) => sorted.Length == 0 ? double.NaN : Ms(sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))]);

        var rounds = string.Join("", Enumerable.Range(1, s.Rounds).Select(r => $"{"round " + r,11}"));
        Console.WriteLine($"{"",-4} {"workload (" + s.Connections + " connections)",-42}{rounds}{"mean ev/s",11}{"commits/s",11}{"p50 ms",8}{"p99 ms",8}");
        foreach (var w in workloads)
        {
            var list = samples[w.Key];
            var all = list.SelectMany(x => x.LatencyTicks).OrderBy(x => x).ToArray();
            var perRound = string.Join("", list.Select(x => $"{x.EventsPerSecond,11:F0}"));
            var commits = list.Average(x => x.Ops / x.Elapsed.TotalSeconds);
            Console.WriteLine($"{w.Key,-4} {w.Label,-42}{perRound}{Mean(w.Key),11:F0}{commits,11:F0}{Pct(all, 0.50),8:F2}{Pct(all, 0.99),8:F2}");
        }
        Console.WriteLine();

        void Ratio(string ours, string ceiling, string what, double? goal)
        {
            var ratio = Mean(ours) / Mean(ceiling);
            var perRound = string.Join(" ", samples[ours].Zip(samples[ceiling], (a, c) => (a.EventsPerSecond / c.EventsPerSecond).ToString("F2", CultureInfo.InvariantCulture)));
            var verdict = goal is { } g ? $"goal >= {g:F2}: {(ratio >= g ? "MET" : "NOT MET")}" : "(informative, no goal)";
            Console.WriteLine($"{ours + "/" + ceiling,-8} {what,-44} {ratio,5:F2}  (per round {perRound})  {verdict}");
        }
        // Goals: today's store (docs/benchmarks.md) and Marten (issue 14: single >= 0.6 of raw INSERT, batch >= 0.5 of COPY).
        (string Ours, string Ceiling, string What, double? Goal)[] ratios =
        [
            ("1b", "1a", "single, AppendAsync / raw INSERT", 0.9),
            ("1m", "1a", "single, Marten Rich / raw INSERT", 0.6),
            ("1q", "1a", "single, Marten Quick / raw INSERT", 0.6),
            ("2b", "2a", $"batch{s.Batch}, AppendAsync / binary COPY", 0.7),
            ("2m", "2a", $"batch{s.Batch}, Marten Rich / binary COPY", 0.5),
            ("2q", "2a", $"batch{s.Batch}, Marten Quick / binary COPY", 0.5),
            ("1q", "1b", "single, Marten Quick / AppendAsync", null),
            ("2q", "2b", $"batch{s.Batch}, Marten Quick / AppendAsync", null),
            ("x1", "1a", "single, raw INSERT BEGIN/COMMIT / autocommit", null),
            ("x3", "1q", "single, Marten Quick, Npgsql defaults / 1q", null),
            ("x4", "1m", "single, Marten Rich, Npgsql defaults / 1m", null),
            ("x5", "1q", "single, Marten Quick, identity map / 1q", null),
        ];
        var full = workloads.Length >= 9 && Settings.AppendKeys.All(samples.ContainsKey);
        Console.WriteLine("ratios (mean ours / mean ceiling):");
        foreach (var r in ratios.Where(r => samples.ContainsKey(r.Ours) && samples.ContainsKey(r.Ceiling)))
            Ratio(r.Ours, r.Ceiling, r.What, full ? r.Goal : null);
        if (!full) Console.WriteLine("(a subset was run with --only; the goals are judged only on a full run)");
    }

    private static async Task CheckCountsAsync(NpgsqlDataSource admin, Dictionary<Side, long> counted)
    {
        await using var cmd = admin.CreateCommand($"""
            select (select count(*) from atencion_es.mt_events where tenant_id = '{Payload.Tenant}'),
                   (select count(*) from atencion_bench.raw_events),
                   (select count(*) from {MartenBench.Schema}.mt_events where tenant_id = '{Payload.Tenant}'),
                   (select count(*) from {MartenBench.Schema}.mt_events where tenant_id = '{Payload.Tenant}' and type = '{nameof(BenchEvent)}')
            """);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        long store = reader.GetInt64(0), raw = reader.GetInt64(1), martenAll = reader.GetInt64(2), marten = reader.GetInt64(3);
        // The service's log (atencion_es) is append-only and kept between runs on an existing server, so it may hold more; the two
        // bench schemas are recreated per run and must match exactly (Marten's tenant 'bench': only our events, no
        // tombstones; the refusal checks write under a tenant of their own).
        var ok = store >= counted[Side.Store] && raw == counted[Side.Raw] && marten == counted[Side.Marten] && martenAll == marten;
        Console.WriteLine();
        Console.WriteLine($"check     rows in atencion_es.mt_events (the service's store) for tenant '{Payload.Tenant}': {store} (counted by the workers, warm-up included: {counted[Side.Store]}); " +
                          $"rows in raw_events: {raw} (counted: {counted[Side.Raw]}); rows in {MartenBench.Schema}.mt_events for tenant '{Payload.Tenant}': {martenAll}, " +
                          $"of them {nameof(BenchEvent)}: {marten} (counted: {counted[Side.Marten]}) {(ok ? "ok" : "MISMATCH")}");
    }
}
