using System.Text.Json;
using Atencion.Domain.Cases;
using Atencion.EventStore;
using Atencion.Projections.Cases;
using Atencion.Projections.Daemon;
using NpgsqlTypes;

namespace Atencion.Projections.CaseSearch;

/// <summary>The console's case list and search (<c>GET /api/{tenant}/cases</c>): one row per case with the columns it filters and sorts on.</summary>
/// <remarks>
/// Async: it lags the log by a batch (usually well under a second). The case view a single case reads, and the staff
/// load that automatic assignment counts under its lock, stay inline (<c>atencion.case_views</c>, <c>atencion.staff</c>).
/// Each row keeps the folded <see cref="CaseView"/>, so a batch loads the views of the cases it touches in one query,
/// folds them in memory with the same <see cref="CaseView.Evolve"/> as the inline view, and upserts them in one statement.
/// </remarks>
public sealed class CaseSearchProjection(JsonSerializerOptions json) : IAsyncProjection
{
    /// <summary>The projection's name.</summary>
    public const string ProjectionName = "case_search";

    /// <summary>The live table readers query.</summary>
    public const string Table = "proj_case_search.cases";

    /// <inheritdoc />
    public string Name => ProjectionName;

    /// <inheritdoc />
    public string CreateTablesSql(string schema) => $"""
        create table {schema}.cases (
            tenant_id    text        not null,
            case_id      uuid        not null,
            view         jsonb       not null,
            status       text        not null,
            type         text,
            topic        text,
            channel      text        not null,
            priority     boolean     not null,
            assignee     text,
            due_date     date,
            radicado     text,
            citizen_name text,
            citizen_id   text,
            received_at  timestamptz not null,
            opened_at    timestamptz not null,
            chat_waiting boolean     not null,
            primary key (tenant_id, case_id)
        );
        create index on {schema}.cases (tenant_id, status);
        create index on {schema}.cases (tenant_id, assignee, status);
        create index on {schema}.cases (tenant_id, due_date) where status = 'in-progress';
        create index on {schema}.cases (tenant_id, radicado) where radicado is not null;
        create index on {schema}.cases (tenant_id, received_at);
        """;

    /// <inheritdoc />
    public async Task ApplyAsync(IReadOnlyList<RecordedEvent> events, ProjectionWrite write, CancellationToken ct)
    {
        var touched = events.Where(e => e.Data is ICaseEvent).Select(e => (e.Tenant.Value, e.StreamId)).Distinct().ToList();
        if (touched.Count == 0) return;
        var views = new Dictionary<(string, Guid), CaseView?>();
        await using (var load = write.Command($"""
            select c.tenant_id, c.case_id, c.view::text from {write.Schema}.cases c
            join unnest(@tenants, @ids) as t(tenant_id, case_id) using (tenant_id, case_id)
            """))
        {
            load.Parameters.AddWithValue("tenants", touched.Select(t => t.Item1).ToArray());
            load.Parameters.AddWithValue("ids", touched.Select(t => t.Item2).ToArray());
            await using var r = await load.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                views[(r.GetString(0), r.GetGuid(1))] = JsonSerializer.Deserialize<CaseView>(r.GetString(2), json);
        }
        foreach (var e in events.Where(e => e.Data is ICaseEvent))
        {
            var key = (e.Tenant.Value, e.StreamId);
            views[key] = CaseView.Evolve(views.GetValueOrDefault(key), e);
        }
        var changed = views.Where(v => v.Value is not null).ToList();
        if (changed.Count == 0) return;
        await using var save = write.Command($"""
            insert into {write.Schema}.cases as c (tenant_id, case_id, view, status, type, topic, channel, priority, assignee, due_date,
                radicado, citizen_name, citizen_id, received_at, opened_at, chat_waiting)
            select u.tenant_id, u.case_id, u.v, u.v ->> 'status', u.v ->> 'type', u.v ->> 'topic', u.v ->> 'channel',
                coalesce((u.v ->> 'priority')::boolean, false), u.v ->> 'assignee', (u.v ->> 'dueDate')::date, u.v ->> 'radicado',
                u.v -> 'citizen' ->> 'name', u.v -> 'citizen' ->> 'idNumber', (u.v ->> 'receivedAt')::timestamptz,
                (u.v ->> 'openedAt')::timestamptz,
                coalesce(u.v -> 'chat' ->> 'status' = 'waiting', false) and u.v ->> 'status' in ('open', 'in-progress', 'awaiting-completion')
            from unnest(@tenants, @ids, @views) as u(tenant_id, case_id, v)
            on conflict (tenant_id, case_id) do update set view = excluded.view, status = excluded.status, type = excluded.type,
                topic = excluded.topic, channel = excluded.channel, priority = excluded.priority, assignee = excluded.assignee,
                due_date = excluded.due_date, radicado = excluded.radicado, citizen_name = excluded.citizen_name,
                citizen_id = excluded.citizen_id, received_at = excluded.received_at, opened_at = excluded.opened_at,
                chat_waiting = excluded.chat_waiting
            """);
        save.Parameters.AddWithValue("tenants", changed.Select(c => c.Key.Item1).ToArray());
        save.Parameters.AddWithValue("ids", changed.Select(c => c.Key.Item2).ToArray());
        save.Parameters.AddWithValue("views", NpgsqlDbType.Array | NpgsqlDbType.Jsonb, changed.Select(c => JsonSerializer.Serialize(c.Value, json)).ToArray());
        await save.ExecuteNonQueryAsync(ct);
    }
}
