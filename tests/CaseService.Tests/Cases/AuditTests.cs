using System.Net;
using System.Net.Http.Json;

namespace Atencion.CaseService.Tests.Cases;

public sealed class AuditTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private static string Case(Guid id) => $"/api/{Api.Flori}/cases/{id}";

    [Fact]
    public async Task The_history_shows_every_event_with_who_how_when_and_its_hash()
    {
        var advisor = f.As(Api.Flori, "advisor", "ana");
        var correlation = Guid.NewGuid();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/{Api.Flori}/cases") { Content = JsonContent.Create(Api.NewCase("in-person")) };
        request.Headers.Add("X-Correlation-Id", correlation.ToString());
        var created = await advisor.SendAsync(request);
        Assert.Equal(correlation.ToString(), created.Headers.GetValues("X-Correlation-Id").Single());
        var id = (await created.Body()).GetProperty("id").GetGuid();

        var history = await (await f.As(Api.Flori, "auditor", "contraloria").GetAsync($"{Case(id)}/history")).Body();

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
        (await advisor.PostAsJsonAsync($"{Case(id)}/notes", new { text = "nota original" })).EnsureSuccessStatusCode();
        var auditor = f.As(Api.Flori, "auditor");

        var valid = await (await auditor.GetAsync($"{Case(id)}/integrity")).Body();
        Assert.True(valid.GetProperty("valid").GetBoolean());
        Assert.Equal(3, valid.GetProperty("events").GetInt32());

        await f.Db.TamperAsync($"""
            update atencion.events set data = jsonb_set(data, '{"{text}"}', '"nota alterada"') where stream_id = '{id}' and version = 3;
            """);
        var broken = await (await auditor.GetAsync($"{Case(id)}/integrity")).Body();
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
        var response = await f.As(Api.Flori, role).GetAsync($"{Case(id)}/{what}");
        if (status == HttpStatusCode.OK) Assert.Equal(status, response.StatusCode);
        else await response.AssertProblem(status);
    }

    [Theory]
    [InlineData("history")]
    [InlineData("integrity")]
    public async Task Auditing_an_unknown_case_is_a_404_problem(string what) =>
        await (await f.As(Api.Flori, "auditor").GetAsync($"{Case(Guid.NewGuid())}/{what}")).AssertProblem(HttpStatusCode.NotFound);

    [Fact]
    public async Task The_history_as_of_an_instant_stops_there()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        var before = f.Time.GetUtcNow();
        f.Time.Advance(TimeSpan.FromMinutes(5));
        (await advisor.PostAsJsonAsync($"{Case(id)}/notes", new { text = "después" })).EnsureSuccessStatusCode();

        var history = await (await f.As(Api.Flori, "auditor").GetAsync($"{Case(id)}/history?asOf={Uri.EscapeDataString(before.ToString("O"))}")).Body();
        Assert.Equal(2, history.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task A_case_whose_stream_head_was_deleted_is_reported_as_tampered_not_as_unknown()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        await f.Db.ExecAsAdminAsync($"delete from atencion.streams where stream_id = '{id}'");
        // The console still serves the case from its view…
        (await advisor.GetAsync(Case(id))).EnsureSuccessStatusCode();

        // …so the auditor must not be told there is no such case.
        var response = await f.As(Api.Flori, "auditor").GetAsync($"{Case(id)}/integrity");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Body();
        Assert.False(report.GetProperty("valid").GetBoolean());
        Assert.Contains("head", report.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_case_whose_last_event_was_removed_and_head_set_back_is_reported_as_tampered()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        (await advisor.PostAsJsonAsync($"{Case(id)}/notes", new { text = "nota que desaparecerá" })).EnsureSuccessStatusCode();
        await f.Db.TamperAsync($"""
            delete from atencion.events where stream_id = '{id}' and version = 3;
            update atencion.streams set version = 2,
                last_hash = (select hash from atencion.events where stream_id = '{id}' and version = 2)
            where stream_id = '{id}';
            """);

        var report = await (await f.As(Api.Flori, "auditor").GetAsync($"{Case(id)}/integrity")).Body();
        Assert.False(report.GetProperty("valid").GetBoolean());
        // The stream itself says so (the head's MAC), not only the case view left at version 3.
        Assert.Contains("does not carry the service's MAC", report.GetRawText());
    }
}
