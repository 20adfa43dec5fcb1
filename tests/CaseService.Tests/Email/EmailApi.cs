using Atencion.EventStore.Marten.Store;
using System.Text.Json;
using Atencion.CaseService.Tests.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Atencion.CaseService.Tests.Email;

/// <summary>An outbox row as the email handler left it.</summary>
public sealed record OutboxRow(Guid EmailId, string Kind, string Status, int Attempts, DateTimeOffset NextAttemptAt, string? LastError, string[] To, string Subject);

/// <summary>Scenario steps for email: cases that owe the citizen an email, the case history's email events, the outbox.</summary>
public static class EmailApi
{
    /// <summary>A phone case of a citizen with an email, classified as a petition (so it has a radicado); returns its id and radicado.</summary>
    public static async Task<(Guid Id, string Radicado)> FiledCaseWithEmail(this ServiceFixture f, string email = "luz@example.com", string tenant = Api.Flori)
    {
        var advisor = f.As(tenant, "advisor", "ana");
        var id = await advisor.CreateCase(tenant, new
        {
            channel = "phone",
            citizen = new { name = "Luz Marina Rueda", email, idType = "cc", idNumber = "63123456" },
            subject = "Derecho de petición",
            text = "Solicito información sobre el estado de mi proceso.",
        });
        var filed = await advisor.Do(id, "classify", new { type = "petition" }, tenant);
        return (id, filed.GetProperty("radicado").GetString()!);
    }

    /// <summary>The case's write model, folded from its stream as commands see it.</summary>
    public static async Task<Domain.Cases.Case> CaseState(this ServiceFixture f, Guid id, string tenant = Api.Flori)
    {
        var events = await f.Host.Services.GetRequiredService<EventStore.Marten.Store.MartenEventStore>().ReadStreamAsync(new EventStore.TenantId(tenant), id);
        return events.Skip(1).Aggregate(Domain.Cases.Case.Create((Domain.Cases.CaseOpened)events[0].Data),
            (c, e) => c.Apply((Domain.Cases.ICaseEvent)e.Data, e.RecordedAt));
    }

    /// <summary>The case's events as an auditor reads them.</summary>
    public static async Task<List<JsonElement>> History(this ServiceFixture f, Guid id, string tenant = Api.Flori) =>
        (await f.As(tenant, "auditor", "contraloria").Scenario(x => { x.Get.Url($"/api/{tenant}/cases/{id}/history"); x.StatusCodeShouldBeOk(); }))
            .Json().GetProperty("events").EnumerateArray().ToList();

    /// <summary>The data of the case's events of one type.</summary>
    public static async Task<List<JsonElement>> Events(this ServiceFixture f, Guid id, string type, string tenant = Api.Flori) =>
        (await f.History(id, tenant)).Where(e => e.GetProperty("type").GetString() == type).Select(e => e.GetProperty("data")).ToList();

    /// <summary>The case's outbox rows, oldest first.</summary>
    public static async Task<List<OutboxRow>> Outbox(this ServiceFixture f, Guid caseId)
    {
        await using var cmd = f.Host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("""
            select email_id, kind, status, attempts, next_attempt_at, last_error, recipients, subject
            from atencion.email_outbox where case_id = $1 order by queued_at, email_id
            """);
        cmd.Parameters.AddWithValue(caseId);
        var rows = new List<OutboxRow>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
            rows.Add(new OutboxRow(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetFieldValue<DateTimeOffset>(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.GetFieldValue<string[]>(6), r.GetString(7)));
        return rows;
    }

    /// <summary>
    /// Waits until the case's outbox rows satisfy <paramref name="until"/>: Wolverine sends each email after its command
    /// commits, and retries on its own schedule. Returns the rows; fails with them after <paramref name="timeout"/> (30 s).
    /// </summary>
    public static async Task<List<OutboxRow>> OutboxUntil(this ServiceFixture f, Guid caseId, Func<List<OutboxRow>, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var rows = await f.Outbox(caseId);
            if (until(rows)) return rows;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"The outbox of case {caseId} did not get there in time: {string.Join("; ", rows)}");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until every email of the case is delivered or failed.</summary>
    public static Task<List<OutboxRow>> OutboxSettled(this ServiceFixture f, Guid caseId, int emails = 1, TimeSpan? timeout = null) =>
        f.OutboxUntil(caseId, rows => rows.Count >= emails && rows.All(r => r.Status != "pending"), timeout);

    /// <summary>The specialist answers the case.</summary>
    public static async Task Respond(this ServiceFixture f, Guid id, string text, string tenant = Api.Flori) =>
        await f.As(tenant, "specialist", "pedro").Do(id, "respond", new { text, channel = "email" }, tenant);

    /// <summary>An admin registers a supervisor who gets the entity's alerts at an address.</summary>
    public static Task RegisterSupervisor(this ServiceFixture f, string userId, string email, string tenant = Api.Flori) =>
        f.As(tenant, "admin", "admin").Scenario(x =>
        {
            x.Put.Json(new { name = $"Supervisora {userId}", email, supervisor = true }).ToUrl($"/api/{tenant}/staff/{userId}");
            x.StatusCodeShouldBeSuccess();
        });
}
