using System.Net;

namespace Atencion.CaseService.Tests.Cases;

public sealed class AuditTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private static string Case(Guid id) => CaseScenarios.CaseUrl(id);

    [Fact]
    public async Task The_history_shows_every_event_with_who_how_when_and_its_hash()
    {
        var advisor = f.As(Api.Flori, "advisor", "ana");
        var correlation = Guid.NewGuid();
        var created = await advisor.Scenario(x =>
        {
            x.Post.Json(Api.NewCase("in-person")).ToUrl($"/api/{Api.Flori}/cases");
            x.WithRequestHeader("X-Correlation-Id", correlation.ToString());
            x.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        Assert.Equal(correlation.ToString(), created.Context.Response.Headers["X-Correlation-Id"].Single());
        var id = created.Json().GetProperty("id").GetGuid();

        var history = await f.As(Api.Flori, "auditor", "contraloria").History(id);

        var events = history.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["CaseOpened", "CitizenIdentified"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal([1L, 2L], events.Select(e => e.GetProperty("version").GetInt64()));
        var opened = events[0];
        Assert.Equal("in-person", opened.GetProperty("data").GetProperty("channel").GetString());
        var meta = opened.GetProperty("metadata");
        Assert.Equal("ana", meta.GetProperty("userId").GetString());
        Assert.Equal("advisor", meta.GetProperty("role").GetString());
        Assert.Equal("in-person", meta.GetProperty("channel").GetString());
        Assert.Equal(correlation, meta.GetProperty("correlationId").GetGuid());
        Assert.Equal(f.Time.GetUtcNow(), opened.GetProperty("recordedAt").GetDateTimeOffset());
        Assert.All(events, e => Assert.Matches("^[0-9a-f]{64}$", e.GetProperty("hash").GetString()));
    }

    [Fact]
    public async Task An_untouched_case_verifies_and_an_edit_behind_the_services_back_is_named()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        await advisor.GivenNote(id, "nota original");
        var auditor = f.As(Api.Flori, "auditor");

        var valid = await auditor.Integrity(id);
        Assert.True(valid.GetProperty("valid").GetBoolean());
        Assert.Equal(3, valid.GetProperty("events").GetInt32());

        await f.Db.TamperAsync($"""
            update atencion_es.mt_events set data = jsonb_set(data, '{"{text}"}', '"nota alterada"') where stream_id = '{id}' and version = 3;
            """);
        var broken = await auditor.Integrity(id);
        Assert.False(broken.GetProperty("valid").GetBoolean());
        Assert.Equal(3, broken.GetProperty("firstInvalidVersion").GetInt64());
    }

    [Theory]
    [InlineData("history", "advisor", HttpStatusCode.Forbidden)]
    [InlineData("history", "control", HttpStatusCode.Forbidden)]
    [InlineData("history", "supervisor", HttpStatusCode.OK)]
    [InlineData("integrity", "supervisor", HttpStatusCode.Forbidden)]
    [InlineData("integrity", "advisor", HttpStatusCode.Forbidden)]
    [InlineData("integrity", "auditor", HttpStatusCode.OK)]
    public async Task Who_may_audit(string what, string role, HttpStatusCode status)
    {
        var id = await f.As(Api.Flori, "advisor").CreateCase();
        await f.As(Api.Flori, role).Scenario(x =>
        {
            x.Get.Url($"{Case(id)}/{what}");
            if (status == HttpStatusCode.OK) x.StatusCodeShouldBe(status);
            else x.ProblemShouldBe(status);
        });
    }

    [Theory]
    [InlineData("history")]
    [InlineData("integrity")]
    public async Task Auditing_an_unknown_case_is_a_404_problem(string what) =>
        await f.As(Api.Flori, "auditor").Scenario(x =>
        {
            x.Get.Url($"{Case(Guid.NewGuid())}/{what}");
            x.ProblemShouldBe(HttpStatusCode.NotFound);
        });

    [Fact]
    public async Task The_history_as_of_an_instant_stops_there()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        var before = f.Time.GetUtcNow();
        f.Time.Advance(TimeSpan.FromMinutes(5));
        await advisor.GivenNote(id, "después");

        var history = await f.As(Api.Flori, "auditor").History(id, $"?asOf={Uri.EscapeDataString(before.ToString("O"))}");
        Assert.Equal(2, history.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task A_case_whose_stream_head_was_deleted_is_reported_as_tampered_not_as_unknown()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        await f.Db.ExecAsAdminAsync($"set session_replication_role = replica; delete from atencion_es.mt_streams where id = '{id}'; delete from atencion_es.stream_heads where stream_id = '{id}';");
        // The console still serves the case from its view…
        await advisor.Scenario(x =>
        {
            x.Get.Url(Case(id));
            x.StatusCodeShouldBeSuccess();
        });

        // …so the auditor must not be told there is no such case.
        var response = await f.As(Api.Flori, "auditor").Scenario(x =>
        {
            x.Get.Url($"{Case(id)}/integrity");
            x.StatusCodeShouldBe(HttpStatusCode.OK);
        });
        var report = response.Json();
        Assert.False(report.GetProperty("valid").GetBoolean());
        Assert.Contains("head", report.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_case_whose_last_event_was_removed_and_head_set_back_is_reported_as_tampered()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        await advisor.GivenNote(id, "nota que desaparecerá");
        await f.Db.TamperAsync($"""
            delete from atencion_es.mt_events where stream_id = '{id}' and version = 3;
            delete from atencion_es.event_hashes where stream_id = '{id}' and version = 3;
            update atencion_es.mt_streams set version = 2 where id = '{id}';
            update atencion_es.stream_heads set version = 2,
                last_hash = (select hash from atencion_es.event_hashes where stream_id = '{id}' and version = 2)
            where stream_id = '{id}';
            """);

        var report = await f.As(Api.Flori, "auditor").Integrity(id);
        Assert.False(report.GetProperty("valid").GetBoolean());
        // The stream itself says so (the head's MAC), not only the case view left at version 3.
        Assert.Contains("does not carry the service's MAC", report.GetRawText());
    }
}
