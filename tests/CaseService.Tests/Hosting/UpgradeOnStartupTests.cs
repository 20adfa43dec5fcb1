using System.Net;
using Atencion.CaseService.Entities;
using Atencion.CaseService.Hosting;
using Atencion.CaseService.Tests.Cases;
using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;
using Atencion.EventStore;
using Atencion.Projections;
using Atencion.Projections.Cases;
using Atencion.Projections.Entities;
using Atencion.TestSupport;
using Atencion.TestSupport.Legacy;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Atencion.CaseService.Tests.Hosting;

/// <summary>
/// A database the store before Marten filled (its <c>atencion.events</c> append and inline case view, as that code ran),
/// then the service started on it: start-up (the migration) upgrades the log into Marten's tables once.
/// </summary>
public sealed class LegacyDatabaseFixture : ServiceFixture
{
    public Guid CaseId { get; } = Guid.CreateVersion7();
    public IReadOnlyList<RecordedEvent> OldEvents { get; private set; } = [];

    protected override async Task BeforeFirstHostAsync()
    {
        await using (var source = EventStoreDataSource.Create(Db.AppConnectionString))
        {
            var json = AtencionJson.Create();
            var old = new LegacyEventStore(source, new EventStoreOptions
            {
                Types = EventCatalog.Create(), Time = Time, ChainKey = Convert.FromBase64String(ChainKey),
                InlineProjections = [new CaseViewProjection(json), new EntityProjection(json)],
            });
            var tenant = new TenantId(Api.Flori);
            var who = new EventMetadata("asesor-antiguo", "advisor", null, "phone", Guid.NewGuid());
            var open = new OpenCase(CaseId, Channel.Phone, new Citizen("Luz Marina Rueda", "luz@example.com", "300 123 4567", IdType.Cc, "63123456"),
                "Derecho de petición", "Solicito información sobre mi proceso.", Time.GetUtcNow().AddHours(-1));
            var opened = open.Decide(new CaseClock(Time.GetUtcNow(), EntityTimeZone.Default, BusinessCalendar.National, new Dictionary<PqrsdType, int>()));
            var first = await old.AppendAsync(tenant, CaseId, EventCatalog.CaseStream, ExpectedVersion.NoStream, [.. opened], who);
            Time.Advance(TimeSpan.FromMinutes(5));
            await old.AppendAsync(tenant, CaseId, EventCatalog.CaseStream, ExpectedVersion.Exactly(first.Version),
                [new NoteAdded(Guid.CreateVersion7(), "Nota escrita antes de Marten.")], who);
            OldEvents = await old.ReadStreamAsync(tenant, CaseId);
        }
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(Db.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }
}

public sealed class UpgradeOnStartupTests(LegacyDatabaseFixture f) : IClassFixture<LegacyDatabaseFixture>
{
    [Fact]
    public async Task A_case_written_by_the_store_before_Marten_reads_verifies_and_goes_on_after_start_up()
    {
        Assert.Equal(1, await f.ScalarAsync("select count(*) from atencion_es.legacy_import"));
        Assert.Equal(f.OldEvents.Count, await f.ScalarAsync($"select count(*) from atencion_es.mt_events where stream_id = '{f.CaseId}'"));

        var advisor = f.As(Api.Flori, "advisor");
        var view = (await advisor.Scenario(x => { x.Get.Url($"/api/{Api.Flori}/cases/{f.CaseId}"); x.StatusCodeShouldBeOk(); })).Json();
        Assert.Equal(f.OldEvents.Count, view.GetProperty("version").GetInt64());

        // The history is the old one, event for event: same versions, types, instants, payloads and authors.
        var auditor = f.As(Api.Flori, "auditor");
        var history = (await auditor.History(f.CaseId)).GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(
            f.OldEvents.Select(e => (e.Version, e.EventType, e.RecordedAt, Compact(e.Json), e.Metadata.UserId)),
            history.Select(h => (h.GetProperty("version").GetInt64(), h.GetProperty("type").GetString()!, h.GetProperty("recordedAt").GetDateTimeOffset(),
                Compact(h.GetProperty("data").GetRawText()), h.GetProperty("metadata").GetProperty("userId").GetString())));

        var integrity = await auditor.Integrity(f.CaseId);
        Assert.True(integrity.GetProperty("valid").GetBoolean(), integrity.GetRawText());
        Assert.Equal(f.OldEvents.Count, integrity.GetProperty("events").GetInt32());

        // The case goes on in Marten at the next version, and still verifies.
        await advisor.GivenNote(f.CaseId, "Nota escrita después de la actualización.");
        var after = await auditor.Integrity(f.CaseId);
        Assert.True(after.GetProperty("valid").GetBoolean(), after.GetRawText());
        Assert.Equal(f.OldEvents.Count + 1, after.GetProperty("events").GetInt32());
    }

    // The same JSON whatever its spacing (jsonb renders it with spaces, the API without).
    private static string Compact(string json) => System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonDocument.Parse(json).RootElement);

    [Fact]
    public async Task The_async_projections_are_rebuilt_from_the_upgraded_log()
    {
        await f.ProjectionsCaughtUpAsync();
        Assert.Equal(1, await f.ScalarAsync($"select count(*) from proj_case_facts.case_facts where case_id = '{f.CaseId}'"));
        Assert.Equal(1, await f.ScalarAsync($"select count(*) from proj_case_search.cases where case_id = '{f.CaseId}'"));
    }

    [Fact]
    public async Task Another_start_up_does_not_upgrade_again_and_keeps_every_event()
    {
        var before = await f.Db.CountEventsAsync();
        await using var restarted = await f.NewHostAsync();
        await restarted.Scenario(x => { x.Get.Url("/health/live"); x.StatusCodeShouldBe(HttpStatusCode.OK); });
        Assert.Equal(before, await f.Db.CountEventsAsync());
        Assert.Equal(1, await f.ScalarAsync("select count(*) from atencion_es.legacy_import"));
    }
}
