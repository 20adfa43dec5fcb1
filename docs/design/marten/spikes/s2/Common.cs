using System.Diagnostics;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using JasperFx.MultiTenancy;
using Marten;
using Marten.Events.Daemon.Coordination;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Spike;

public static class Common
{
    public const string Server = "Host=127.0.0.1;Port=34079;Username=postgres;Pooling=true";
    public static string Conn(string db, string app = "s2") => $"{Server};Database={db};Application Name={app}";
    public static readonly Stopwatch Clock = Stopwatch.StartNew();
    public static void Log(string s) { Console.WriteLine($"S2| {Clock.Elapsed.TotalSeconds,7:0.000}s {s}"); }

    public static async Task RecreateDb(string db)
    {
        NpgsqlConnection.ClearAllPools();
        await using var c = new NpgsqlConnection($"{Server};Database=postgres");
        await c.OpenAsync();
        await new NpgsqlCommand($"drop database if exists {db} with (force)", c).ExecuteNonQueryAsync();
        await new NpgsqlCommand($"create database {db}", c).ExecuteNonQueryAsync();
        NpgsqlConnection.ClearAllPools();
    }

    public static FactsProjection[] Projections(int n = 2) =>
        n == 2 ? [new("facts", "s2_facts"), new("twin", "s2_twin")]
               : Enumerable.Range(1, n).Select(i => new FactsProjection($"p{i}", $"s2_p{i}")).ToArray();

    public static void Configure(StoreOptions opts, string db, string app, IEnumerable<ISqlProjection> projections, Action<StoreOptions>? extra = null)
    {
        opts.Connection(Conn(db, app));
        opts.Events.TenancyStyle = TenancyStyle.Conjoined;
        opts.Policies.AllDocumentsAreMultiTenanted();
        opts.Events.MetadataConfig.HeadersEnabled = true;
        opts.Events.MetadataConfig.CorrelationIdEnabled = true;
        opts.Events.MetadataConfig.CausationIdEnabled = true;
        opts.Events.MetadataConfig.UserNameEnabled = true;
        opts.Events.AddEventType<Opened>();
        opts.Events.AddEventType<Noted>();
        opts.Events.AddEventType<Purged>();
        foreach (var p in projections) opts.Projections.Add(new SqlProjectionSource(p), ProjectionLifecycle.Async);
        extra?.Invoke(opts);
    }

    public static IHost BuildHost(string db, string app, IEnumerable<ISqlProjection> projections, DaemonMode mode = DaemonMode.HotCold,
        Action<StoreOptions>? extra = null, LogLevel martenLevel = LogLevel.Warning)
    {
        var b = Host.CreateApplicationBuilder([]);
        b.Logging.ClearProviders();
        b.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        b.Logging.SetMinimumLevel(LogLevel.Warning);
        b.Logging.AddFilter("Marten", martenLevel);
        b.Logging.AddFilter("JasperFx", martenLevel);
        b.Logging.AddFilter("Weasel", martenLevel);
        b.Services.AddMarten(opts => Configure(opts, db, app, projections, extra)).AddAsyncDaemon(mode);
        return b.Build();
    }

    public static IProjectionDaemon Daemon(this IHost host) =>
        host.Services.GetRequiredService<Marten.Events.Daemon.Coordination.IProjectionCoordinator>().DaemonForMainDatabase();

    /// <summary>Appends n events over a few streams of a tenant, with headers and a correlation id.</summary>
    public static async Task<List<Guid>> SeedAsync(IDocumentStore store, string tenant, int streams, int notesPerStream, string tag = "seed")
    {
        var ids = new List<Guid>();
        for (var s = 0; s < streams; s++)
        {
            await using var session = store.LightweightSession(tenant);
            session.CorrelationId = $"{tag}-{tenant}-{s}";
            session.SetHeader("role", "agent");
            session.SetHeader("channel", s % 2 == 0 ? "web" : "email");
            var id = Guid.NewGuid();
            ids.Add(id);
            session.Events.StartStream(id, [new Opened($"{tag} {tenant} {s}"), .. Enumerable.Range(1, notesPerStream).Select(i => (object)new Noted(i))]);
            await session.SaveChangesAsync();
        }
        return ids;
    }

    public static async Task<long> ScalarAsync(string db, string sql)
    {
        await using var c = new NpgsqlConnection(Conn(db, "s2-probe"));
        await c.OpenAsync();
        var v = await new NpgsqlCommand(sql, c).ExecuteScalarAsync();
        return v is null or DBNull ? -1 : Convert.ToInt64(v);
    }

    public static async Task<List<string>> RowsAsync(string db, string sql)
    {
        await using var c = new NpgsqlConnection(Conn(db, "s2-probe"));
        await c.OpenAsync();
        await using var r = await new NpgsqlCommand(sql, c).ExecuteReaderAsync();
        var list = new List<string>();
        while (await r.ReadAsync())
            list.Add(string.Join(" | ", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return list;
    }

    public static async Task PrintAsync(string db, string sql, string title)
    {
        Log($"{title}: {sql.ReplaceLineEndings(" ")}");
        foreach (var row in await RowsAsync(db, sql)) Console.WriteLine($"S2|    {row}");
    }

    public static Task<List<string>> Progress(string db) =>
        RowsAsync(db, "select name, last_seq_id, to_char(last_updated, 'HH24:MI:SS.MS') from public.mt_event_progression order by name");

    /// <summary>The oracle: facts computed straight from mt_events (what incremental processing must equal).</summary>
    public const string OracleSql = """
        with p as (select tenant_id, stream_id, max(version) v from public.mt_events where type = 'purged' group by 1, 2),
        e as (select e.* from public.mt_events e left join p using (tenant_id, stream_id) where e.version > coalesce(p.v, 0))
        select tenant_id, stream_id, max(version) version, max(seq_id) last_seq, count(*) event_count,
               coalesce(sum((data->>'Amount')::bigint) filter (where type = 'noted'), 0) total,
               max(data->>'Title') filter (where type = 'opened') title
        from e group by 1, 2
        """;

    public static string Diff(string table) => $"""
        with o as ({OracleSql}), f as (select tenant_id, stream_id, version, last_seq, event_count::bigint event_count, total, title from {table})
        select count(*) from ((select * from o except select * from f) union all (select * from f except select * from o)) d
        """;
}
