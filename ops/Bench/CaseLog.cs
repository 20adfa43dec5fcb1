// What r1, l1 and g1 write: real case streams through MartenEventStore, and a cheap filler that clones one real case's
// rows many times in SQL. See docs/benchmarks.md, "Projections and reads on Marten".
using System.Diagnostics;
using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;
using Atencion.EventStore;
using Atencion.EventStore.Marten;
using Atencion.EventStore.Marten.Store;
using Npgsql;

namespace Atencion.Bench;

/// <summary>A petition's life in ten events, as the service records it: opened, identified, classified, filed, assigned, three notes, answered, closed.</summary>
internal static class CaseStory
{
    public const int Length = 10;
    public static readonly TenantId Tenant = new("bench-cases");

    private const string Text = "Solicito informacion sobre el estado del contrato de alumbrado publico del barrio San Rafael, " +
        "los valores pagados durante el ultimo ano y las actas de interventoria, en ejercicio del derecho de peticion " +
        "consagrado en el articulo 23 de la Constitucion Politica y la Ley 1755 de 2015. Agradezco enviar la respuesta " +
        "al correo indicado y, si alguna parte de la informacion es reservada, indicar la norma que lo establece.";

    /// <summary>The event with the given version (1..10) of case <paramref name="caseId"/>; <paramref name="radicado"/> is its filing number.</summary>
    public static object Event(Guid caseId, int version, string radicado) => version switch
    {
        1 => new CaseOpened(caseId, Channel.Web, "Informacion contrato de alumbrado publico", Text,
            new DateTimeOffset(2026, 3, 2, 14, 5, 0, TimeSpan.FromHours(-5)), new DateOnly(2026, 3, 24)),
        2 => new CitizenIdentified(new Citizen("Maria Fernanda Rojas Pineda", "maria.rojas@example.org", "3105550123", IdType.Cc, "52123456",
            "Calle 12 # 4-56", "Facatativa", "San Rafael")),
        3 => new CaseClassified(PqrsdType.InformationRequest, "contratacion", false, new DateOnly(2026, 3, 3), 10,
            new DateOnly(2026, 3, 17), "Ley 1755 de 2015, art. 14 num. 1"),
        4 => new CaseFiled(radicado, 2026, 1, "6f1ed002ab5595859014ebf0951522d9bcd1b5c6c09bac1e7f1f5e8b4f2a1c3d"),
        5 => new CaseAssigned("ana.gomez", "contratacion", true),
        6 => new NoteAdded(Guid.NewGuid(), "Se solicito a la secretaria de infraestructura copia de las actas de interventoria del contrato."),
        7 => new NoteAdded(Guid.NewGuid(), "La secretaria remitio las actas; falta el reporte de pagos de la oficina financiera."),
        8 => new NoteAdded(Guid.NewGuid(), "Reporte de pagos recibido. Se proyecta respuesta con los tres anexos."),
        9 => new ResponseIssued("Respetada senora Rojas: en atencion a su peticion remitimos copia de las actas de interventoria " +
            "del contrato de alumbrado publico, el reporte de pagos del ultimo ano y el estado actual del contrato. Cordialmente.",
            Channel.Email, true, 9),
        10 => new CaseClosed(CloseReason.Answered, null),
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };

    public static EventMetadata Metadata() => new("ana.gomez", "advisor", null, "web", Guid.NewGuid());

    /// <summary>Appends a whole case through the store, one append per event (each its own transaction), as the service does.</summary>
    public static async Task AppendAsync(MartenEventStore store, Guid caseId, string radicado)
    {
        for (var v = 1; v <= Length; v++)
            await store.AppendAsync(Tenant, caseId, Projections.EventCatalog.CaseStream,
                v == 1 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(v - 1), [Event(caseId, v, radicado)], Metadata());
    }
}

/// <summary>A database of its own on the bench server, created for one measurement and dropped after it.</summary>
internal sealed class BenchDatabase
{
    private BenchDatabase(string name, string admin, string app) { Name = name; Admin = admin; App = app; }

    public string Name { get; }
    public string Admin { get; }
    public string App { get; }

    public static async Task<BenchDatabase> CreateAsync(NpgsqlDataSource admin, string adminCs, string appCs, string name)
    {
        await using (var cmd = admin.CreateCommand($"drop database if exists {name} with (force)")) await cmd.ExecuteNonQueryAsync();
        await using (var cmd = admin.CreateCommand($"create database {name}")) await cmd.ExecuteNonQueryAsync();
        return new BenchDatabase(name,
            new NpgsqlConnectionStringBuilder(adminCs) { Database = name }.ConnectionString,
            new NpgsqlConnectionStringBuilder(appCs) { Database = name }.ConnectionString);
    }

    public async Task DropAsync(NpgsqlDataSource admin)
    {
        NpgsqlConnection.ClearAllPools();
        await using var cmd = admin.CreateCommand($"drop database if exists {Name} with (force)");
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task ExecAsync(string sql, int timeoutSeconds = 0)
    {
        await using var conn = new NpgsqlConnection(Admin);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = timeoutSeconds };
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(Admin);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task<string> SizeAsync() =>
        await ScalarAsync<string>($"select pg_size_pretty(pg_database_size('{Name}'))");
}

/// <summary>
/// Fills Marten's log cheaply: a template case appended for real, then its rows cloned in SQL as the owner, with new
/// stream ids, event ids, sequence numbers, timestamps and correlation ids, the case id and the radicado replaced in the
/// payload. Cases are interleaved in the sequence (windows of 1,000 cases: every case's first event, then every second
/// event ...), as a real log interleaves cases that live for days. The clones get chain links only when asked (r1: the
/// async projections read every page's links), and those are the template's, not a valid chain: no row verifies them.
/// </summary>
internal sealed class LogFiller
{
    public const int Window = 1000;
    private const string TemplateRadicado = "2026-T000001";
    private readonly BenchDatabase _db;
    private readonly string _schema;
    private int _nextCase;

    private LogFiller(BenchDatabase db, string schema, Guid template) { _db = db; _schema = schema; Template = template; }

    public Guid Template { get; }

    /// <summary>Appends the template case through <paramref name="store"/>.</summary>
    public static async Task<LogFiller> CreateAsync(BenchDatabase db, MartenEventStore store, MartenSettings settings)
    {
        var template = Guid.NewGuid();
        await CaseStory.AppendAsync(store, template, TemplateRadicado);
        return new LogFiller(db, settings.SchemaName, template);
    }

    /// <summary>
    /// Drops the foreign keys, unique constraints and secondary indexes of Marten's event tables and the case views (not
    /// their primary keys), and returns the statements that recreate them as they were: a bulk fill then builds each index
    /// once instead of inserting 10 M random keys into it.
    /// </summary>
    public async Task<string[]> DropIndexesAsync()
    {
        var tables = $"array['{_schema}.mt_events', '{_schema}.mt_streams', 'atencion.case_views']::regclass[]";
        var statements = new List<(string Create, string Drop, int Order)>();
        await using var conn = new NpgsqlConnection(_db.Admin);
        await conn.OpenAsync();
        await using (var cmd = new NpgsqlCommand($"""
            select format('alter table %s add constraint %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid)),
                   format('alter table %s drop constraint %I', conrelid::regclass, conname),
                   case contype when 'f' then 2 else 1 end
            from pg_constraint
            where contype in ('f', 'u') and (conrelid = any({tables}) or (contype = 'f' and confrelid = any({tables})))
            union all
            select pg_get_indexdef(i.indexrelid), format('drop index %s', i.indexrelid::regclass), 0
            from pg_index i
            where i.indrelid = any({tables}) and not i.indisprimary
              and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
            """, conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) statements.Add((r.GetString(0), r.GetString(1), r.GetInt32(2)));
        foreach (var s in statements.OrderByDescending(s => s.Order))
        {
            await using var drop = new NpgsqlCommand(s.Drop, conn);
            await drop.ExecuteNonQueryAsync();
        }
        return statements.OrderBy(s => s.Order).Select(s => s.Create).ToArray();
    }

    /// <summary>Runs the statements <see cref="DropIndexesAsync"/> returned.</summary>
    public async Task<TimeSpan> RecreateIndexesAsync(string[] statements)
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var sql in statements) await _db.ExecAsync(sql);
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// Clones the template into <paramref name="cases"/> new cases (10 events each) at the end of the log; also their case
    /// view rows when <paramref name="caseViews"/>, and their <c>event_hashes</c> rows when <paramref name="links"/>.
    /// </summary>
    public async Task<TimeSpan> FillAsync(int cases, bool caseViews, bool links = false)
    {
        var started = Stopwatch.GetTimestamp();
        var S = _schema;
        var before = await _db.ScalarAsync<long>($"select coalesce(max(seq_id), 0) from {S}.mt_events");
        var c0 = _nextCase;
        _nextCase += cases;
        var id = $"md5('atencion-bench-{_db.Name}-' || c)::uuid";
        // i: the case's index within this fill; w0: its window's first case; width: the window's size (the last may be short).
        var seq = $"base.max + (c - {c0}) / {Window} * {Window} * {CaseStory.Length} + (e.version - 1) * least({Window}, {cases} - (c - {c0}) / {Window} * {Window}) + (c - {c0}) % {Window} + 1";
        await _db.ExecAsync($"""
            insert into {S}.mt_streams (tenant_id, id, type, version, timestamp, created, is_archived)
            select s.tenant_id, {id}, s.type, s.version, s.timestamp, s.created, false
            from {S}.mt_streams s, generate_series({c0}, {c0 + cases - 1}) c
            where s.tenant_id = '{CaseStory.Tenant.Value}' and s.id = '{Template}';

            insert into {S}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type,
                                       correlation_id, causation_id, headers, user_name, is_archived)
            select {seq}, gen_random_uuid(), {id}, e.version,
                   replace(replace(e.data::text, '{Template}', ({id})::text), '{TemplateRadicado}', 'F-' || c)::jsonb,
                   e.type, now() - interval '1 day' + ({seq}) * interval '1 millisecond', e.tenant_id, e.mt_dotnet_type,
                   gen_random_uuid()::text, e.causation_id, e.headers, e.user_name, false
            from {S}.mt_events e, generate_series({c0}, {c0 + cases - 1}) c,
                 (select max(seq_id) as max from {S}.mt_events) base
            where e.tenant_id = '{CaseStory.Tenant.Value}' and e.stream_id = '{Template}'
            order by 1;

            select setval('{S}.mt_events_sequence', (select max(seq_id) from {S}.mt_events));
            """);
        if (links)
            await _db.ExecAsync($"""
                insert into {S}.event_hashes (seq_id, tenant_id, stream_id, version, hash)
                select e.seq_id, e.tenant_id, e.stream_id, e.version, h.hash
                from {S}.mt_events e
                join {S}.event_hashes h on h.tenant_id = e.tenant_id and h.stream_id = '{Template}' and h.version = e.version
                where e.seq_id > {before}
                """);
        if (caseViews)
            await _db.ExecAsync($"""
                insert into atencion.case_views (tenant_id, case_id, version, status, channel, opened_at, updated_at, view,
                    type, topic, priority, assignee, due_date, radicado, citizen_name, citizen_id, received_at, tracking_hash)
                select v.tenant_id, {id}, v.version, v.status, v.channel, v.opened_at, v.updated_at,
                       replace(replace(v.view::text, '{Template}', ({id})::text), '{TemplateRadicado}', 'F-' || c)::jsonb,
                       v.type, v.topic, v.priority, v.assignee, v.due_date, 'F-' || c, v.citizen_name, v.citizen_id,
                       v.received_at, v.tracking_hash
                from atencion.case_views v, generate_series({c0}, {c0 + cases - 1}) c
                where v.tenant_id = '{CaseStory.Tenant.Value}' and v.case_id = '{Template}'
                """);
        return Stopwatch.GetElapsedTime(started);
    }
}
