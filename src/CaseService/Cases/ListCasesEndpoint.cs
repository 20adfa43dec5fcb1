using System.Text;
using Atencion.CaseService.Entities;
using Atencion.CaseService.Http;
using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;
using Atencion.Projections;
using Atencion.Projections.CaseSearch;
using Atencion.Projections.Cases;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atencion.CaseService.Cases;

/// <summary>A case as the console's list shows it.</summary>
public sealed record CaseSummary(Guid Id, string? Radicado, CaseStatus Status, PqrsdType? Type, string? Topic, Channel Channel, bool Priority,
    string? CitizenName, string Subject, string? Assignee, DateTimeOffset ReceivedAt, DateOnly? DueDate, int? DaysLeft, bool Overdue,
    bool DueDateProvisional);

/// <summary>A page of cases.</summary>
public sealed record CasePage(IReadOnlyList<CaseSummary> Items, int Page, int PageSize, long Total);

public static class ListCasesEndpoint
{
    private static readonly Dictionary<string, string> Sorts = new()
    {
        ["due"] = "chat_waiting desc, priority desc, due_date asc nulls last, opened_at",
        ["-due"] = "due_date desc nulls last, opened_at desc",
        ["opened"] = "opened_at asc",
        ["-opened"] = "opened_at desc",
    };

    /// <summary>
    /// The console's list: filters combine with AND; <c>q</c> matches the radicado exactly or the citizen's name or ID
    /// number in part; <c>overdue=true</c> keeps the cases <see cref="Domain.Cases.Overdue"/> calls overdue (answer's or referral's
    /// term passed), <c>overdue=false</c> the others; offline chats waiting for an answer
    /// first, then priority, then due date, unless <c>sort</c> says otherwise.
    /// </summary>
    public static async Task<Ok<CasePage>> Handle(
        HttpContext http, NpgsqlDataSource db, TimeProvider time, System.Text.Json.JsonSerializerOptions json,
        string? status, string? type, string? topic, string? channel, string? assignee, string? radicado, string? q,
        bool? overdue, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, string? sort, CancellationToken ct)
    {
        var v = new Domain.Common.Validator().Optional("q", q, 200).Optional("topic", topic, 100).Optional("assignee", assignee, 100);
        // Query values use the API's wire names (in-progress, information-request), as the JSON does.
        status = WireName<CaseStatus>(v, "status", status);
        type = WireName<PqrsdType>(v, "type", type);
        channel = WireName<Channel>(v, "channel", channel);
        if (page is < 1) v.Add("page", "must be 1 or more.");
        if (pageSize is < 1 or > 200) v.Add("pageSize", "must be between 1 and 200.");
        if (sort is not null && !Sorts.ContainsKey(sort)) v.Add("sort", $"must be one of: {string.Join(", ", Sorts.Keys)}.");
        if (from > to) v.Add("from", "must not be after to.");
        v.ThrowIfAny();

        var entity = TenantFilter.EntityOf(http);
        var clock = EntityClock.For(entity, time);
        var (p, size) = (page ?? 1, pageSize ?? 50);
        var where = new StringBuilder("tenant_id = @tenant");
        var cmd = db.CreateCommand();
        cmd.Parameters.AddWithValue("tenant", entity.Tenant);
        void Filter(string sql, string name, object? value)
        {
            if (value is null) return;
            where.Append(" and ").Append(sql);
            cmd.Parameters.AddWithValue(name, value);
        }
        Filter("status = @status", "status", status);
        Filter("type = @type", "type", type);
        Filter("topic = @topic", "topic", topic);
        Filter("channel = @channel", "channel", channel);
        Filter("assignee = @assignee", "assignee", assignee);
        Filter("radicado = @radicado", "radicado", radicado);
        Filter("received_at >= @from", "from", from?.ToUniversalTime());
        Filter("received_at <= @to", "to", to?.ToUniversalTime());
        Filter("(radicado = @q or citizen_name ilike '%' || @q || '%' or citizen_id ilike '%' || @q || '%')", "q", q?.Trim());
        if (overdue is { } o)
            Filter(o ? OverdueSql.Overdue : $"not coalesce({OverdueSql.Overdue}, false)", "today", clock.Today);

        // The total comes from its own count, so a page past the end still says how many there are.
        cmd.CommandText = $"""
            select view::text, (select count(*) from {CaseSearchProjection.Table} where {where}) from {CaseSearchProjection.Table} where {where}
            order by {Sorts[sort ?? "due"]} limit {size} offset {Paging.Offset(p, size)}
            """;
        var items = new List<CaseSummary>();
        long? total = null;
        await using var _ = cmd;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                var view = System.Text.Json.JsonSerializer.Deserialize<Projections.Cases.CaseView>(r.GetString(0), json)!.AsOf(clock);
                total = r.GetInt64(1);
                items.Add(new CaseSummary(view.Id, view.Radicado, view.Status, view.Type, view.Topic, view.Channel, view.Priority,
                    view.Citizen?.Name, view.Subject, view.Assignee, view.ReceivedAt, view.DueDate, view.DaysLeft, view.Overdue,
                    view.DueDateProvisional));
            }
        if (total is null)
        {
            cmd.CommandText = $"select count(*) from {CaseSearchProjection.Table} where {where}";
            total = (long)(await cmd.ExecuteScalarAsync(ct))!;
        }
        return TypedResults.Ok(new CasePage(items, p, size, total.Value));
    }

    private static string? WireName<T>(Domain.Common.Validator v, string field, string? value) where T : struct, Enum
    {
        if (value is null) return null;
        var names = Enum.GetNames<T>().Select(System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName).ToList();
        if (names.Contains(value)) return value;
        v.Add(field, $"'{value}' is not one of: {string.Join(", ", names)}.");
        return null;
    }
}
