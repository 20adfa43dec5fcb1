using System.Net;
using System.Net.Http.Json;
using Atencion.Projections;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Turns;

/// <summary>Kiosk turns at the Cámara de Comercio de Facatativá: issue, call, serve, the board.</summary>
public sealed class TurnTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task Thirty_kiosk_requests_at_once_get_R_001_to_R_030_without_gaps_or_repeats()
    {
        var tickets = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => f.Issue("registro", Api.Flori)));

        var labels = tickets.Select(t => t.GetProperty("label").GetString()).Order().ToArray();
        Assert.Equal(Enumerable.Range(1, 30).Select(n => $"R-{n:000}").ToArray(), labels);
        Assert.All(tickets, t => Assert.Equal("registro", t.GetProperty("service").GetString()));
    }

    [Fact]
    public async Task Each_service_numbers_on_its_own_and_the_ticket_says_how_many_are_ahead()
    {
        var first = await f.Issue("juridica");
        var second = await f.Issue(" Juridica ");
        var other = await f.Issue("orientacion");

        Assert.Equal("J-001", first.GetProperty("label").GetString());
        Assert.Equal(0, first.GetProperty("waitingAhead").GetInt32());
        Assert.Equal("J-002", second.GetProperty("label").GetString());
        Assert.Equal(1, second.GetProperty("waitingAhead").GetInt32());
        Assert.Equal("O-001", other.GetProperty("label").GetString());
        Assert.Equal(f.Time.GetUtcNow(), first.GetProperty("issuedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_turn_is_called_served_and_linked_to_its_in_person_case_with_waiting_and_service_times()
    {
        var first = await f.Issue("pagos");
        await f.Issue("pagos");
        f.Time.Advance(TimeSpan.FromMinutes(7));

        var called = await f.CallNext("pagos", "Módulo 2");
        Assert.Equal(first.GetProperty("turnId").GetGuid(), called.GetProperty("turnId").GetGuid());
        Assert.Equal("P-001", called.GetProperty("label").GetString());
        Assert.Equal(420, called.GetProperty("waitedSeconds").GetInt32());
        var board = await f.Board();
        Assert.Contains("P-001", board.CalledLabels());
        Assert.Equal("Módulo 2", board.GetProperty("called").EnumerateArray().First(t => t.GetProperty("label").GetString() == "P-001").GetProperty("desk").GetString());
        Assert.Equal(1, board.GetProperty("waiting").GetProperty("pagos").GetInt32());

        f.Time.Advance(TimeSpan.FromMinutes(3));
        var caseId = await f.As(TurnApi.Faca, "advisor", "operadora").CreateCase(TurnApi.Faca, Api.NewCase("in-person"));
        var served = await f.Serve(called.GetProperty("turnId").GetGuid(), caseId);
        var body = await served.Body();
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(caseId, body.GetProperty("caseId").GetGuid());
        Assert.Equal(420, body.GetProperty("waitedSeconds").GetInt32());
        Assert.Equal(180, body.GetProperty("serviceSeconds").GetInt32());
        Assert.DoesNotContain("P-001", (await f.Board()).CalledLabels());

        // The turn's stream holds the measured times for the in-person service level.
        var store = f.Host.Services.GetRequiredService<EventStore.PostgresEventStore>();
        var events = await store.ReadStreamAsync(new EventStore.TenantId(TurnApi.Faca), called.GetProperty("turnId").GetGuid());
        Assert.Equal(["TurnIssued", "TurnCalled", "TurnServed"], events.Select(e => e.Data.GetType().Name));
        Assert.Equal(caseId, ((Domain.Turns.TurnServed)events[2].Data).CaseId);
        Assert.Equal(EventCatalog.TurnStream, "turn");
    }

    [Fact]
    public async Task Two_desks_calling_at_once_get_different_turns()
    {
        await f.Issue("orientacion", Api.Tenjo);
        await f.Issue("orientacion", Api.Tenjo);
        var calls = await Task.WhenAll(
            f.CallNext("orientacion", "Módulo 1", Api.Tenjo), f.CallNext("orientacion", "Módulo 2", Api.Tenjo));
        Assert.Equal(["O-001", "O-002"], calls.Select(c => c.GetProperty("label").GetString()!).Order().ToArray());
    }

    [Fact]
    public async Task Calling_when_nobody_waits_is_a_404_problem()
    {
        var before = await f.Db.CountEventsAsync();
        var response = await f.As("alcaldia-valledupar", "advisor").PostAsJsonAsync("/api/alcaldia-valledupar/turns/next", new { service = "pagos", desk = "1" });
        await response.AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    public static TheoryData<string, string> BadIssues => new()
    {
        { "{}", "service" },
        { """{"service":"  "}""", "service" },
        { """{"service":"fotocopias"}""", "service" },
        { """{"service":7}""", "service" },
    };

    [Theory]
    [MemberData(nameof(BadIssues))]
    public async Task A_bad_kiosk_request_is_a_400_problem_and_issues_nothing(string json, string field)
    {
        var before = await f.Db.CountEventsAsync();
        var problem = await (await f.Anonymous().PostAsync($"/api/{TurnApi.Faca}/turns", Api.Raw(json))).AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task An_unknown_service_lists_the_entitys_services()
    {
        var problem = await (await f.Anonymous().PostAsJsonAsync($"/api/{TurnApi.Faca}/turns", new { service = "fotocopias" })).AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains("registro", problem.GetProperty("detail").GetString());
    }

    public static TheoryData<string, string> BadCalls => new()
    {
        { """{"service":"registro"}""", "desk" },
        { """{"service":"registro","desk":" "}""", "desk" },
        { $$"""{"service":"registro","desk":"{{new string('x', 41)}}"}""", "desk" },
        { """{"desk":"1"}""", "service" },
        { """{"service":"nada","desk":"1"}""", "service" },
    };

    [Theory]
    [MemberData(nameof(BadCalls))]
    public async Task A_bad_call_is_a_400_problem_and_calls_nobody(string json, string field)
    {
        await f.Issue("registro");
        var before = await f.Db.CountEventsAsync();
        var problem = await (await f.As(TurnApi.Faca, "advisor").PostAsync($"/api/{TurnApi.Faca}/turns/next", Api.Raw(json))).AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task Calling_and_serving_need_staff()
    {
        var before = await f.Db.CountEventsAsync();
        await (await f.Anonymous().PostAsJsonAsync($"/api/{TurnApi.Faca}/turns/next", new { service = "registro", desk = "1" })).AssertProblem(HttpStatusCode.Unauthorized);
        await (await f.As(TurnApi.Faca, "auditor").PostAsJsonAsync($"/api/{TurnApi.Faca}/turns/next", new { service = "registro", desk = "1" })).AssertProblem(HttpStatusCode.Forbidden);
        await (await f.Anonymous().PostAsJsonAsync($"/api/{TurnApi.Faca}/turns/{Guid.NewGuid()}/served", new { caseId = Guid.NewGuid() })).AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task Bad_served_requests_are_problems_and_change_nothing()
    {
        var ticket = await f.Issue("registro", "personeria-itagui");
        var turnId = ticket.GetProperty("turnId").GetGuid();
        var caseId = await f.As("personeria-itagui", "advisor").CreateCase("personeria-itagui", Attention.AttentionApi.Competent());
        var staff = f.As("personeria-itagui", "advisor");
        var before = await f.Db.CountEventsAsync();

        var missing = await (await staff.PostAsync($"/api/personeria-itagui/turns/{turnId}/served", Api.Raw("{}"))).AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("caseId", out _));
        var unknown = await (await staff.PostAsJsonAsync($"/api/personeria-itagui/turns/{turnId}/served", new { caseId = Guid.NewGuid() })).AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(unknown.GetProperty("errors").TryGetProperty("caseId", out _));
        await (await staff.PostAsJsonAsync($"/api/personeria-itagui/turns/{turnId}/served", new { caseId = "not-a-guid" })).AssertProblem(HttpStatusCode.BadRequest);
        await (await staff.PostAsJsonAsync($"/api/personeria-itagui/turns/{Guid.NewGuid()}/served", new { caseId })).AssertProblem(HttpStatusCode.NotFound);
        // Waiting, not called yet.
        var waiting = await (await staff.PostAsJsonAsync($"/api/personeria-itagui/turns/{turnId}/served", new { caseId })).AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal("waiting", waiting.GetProperty("state").GetString());
        // Another entity neither knows the case nor the turn.
        await (await f.Serve(turnId, caseId)).AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task The_board_shows_only_its_entitys_called_turns()
    {
        await f.Issue("registro", "alcaldia-valledupar");
        await f.CallNext("registro", "Ventanilla 1", "alcaldia-valledupar");
        var board = await f.Board("alcaldia-valledupar");
        Assert.Equal(["R-001"], board.CalledLabels());
        Assert.DoesNotContain("R-001", (await f.Board(Api.Flori)).CalledLabels());
        await (await f.Anonymous().GetAsync("/api/no-such-entity/turns/board")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Serving_refuses_a_case_of_another_channel_and_a_case_another_turn_already_claims_appending_nothing()
    {
        const string tenant = "alcaldia-valledupar";
        var staff = f.As(tenant, "advisor", "operadora");
        await f.Issue("juridica", tenant);
        await f.Issue("juridica", tenant);
        var first = (await f.CallNext("juridica", "Módulo 1", tenant)).GetProperty("turnId").GetGuid();
        var second = (await f.CallNext("juridica", "Módulo 2", tenant)).GetProperty("turnId").GetGuid();
        var phoneCase = await staff.CreateCase(tenant, Api.NewCase("phone"));
        var inPersonCase = await staff.CreateCase(tenant, Api.NewCase("in-person"));
        var before = await f.Db.CountEventsAsync();

        var phone = await (await f.Serve(first, phoneCase, tenant)).AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal("not-in-person", phone.GetProperty("state").GetString());
        Assert.Contains("phone", phone.GetProperty("detail").GetString());
        Assert.Equal(before, await f.Db.CountEventsAsync());

        Assert.Equal(HttpStatusCode.OK, (await f.Serve(first, inPersonCase, tenant)).StatusCode);
        var afterServed = await f.Db.CountEventsAsync();
        var claimed = await (await f.Serve(second, inPersonCase, tenant)).AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal("linked", claimed.GetProperty("state").GetString());
        Assert.Contains("J-001", claimed.GetProperty("detail").GetString());
        Assert.Equal(afterServed, await f.Db.CountEventsAsync());
        Assert.Equal("called", (await (await f.Anonymous().GetAsync($"/api/{tenant}/turns/{second}")).Body()).GetProperty("status").GetString());

        // The second turn's own case serves it.
        Assert.Equal(HttpStatusCode.OK, (await f.Serve(second, await staff.CreateCase(tenant, Api.NewCase("in-person")), tenant)).StatusCode);
    }

    [Fact]
    public async Task Two_turns_served_at_once_with_one_case_link_it_once()
    {
        const string tenant = "alcaldia-valledupar";
        await f.Issue("orientacion", tenant);
        await f.Issue("orientacion", tenant);
        var a = (await f.CallNext("orientacion", "Caja 1", tenant)).GetProperty("turnId").GetGuid();
        var b = (await f.CallNext("orientacion", "Caja 2", tenant)).GetProperty("turnId").GetGuid();
        var caseId = await f.As(tenant, "advisor").CreateCase(tenant, Api.NewCase("in-person"));

        var answers = await Task.WhenAll(f.Serve(a, caseId, tenant), f.Serve(b, caseId, tenant));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(r => r.StatusCode).Order().ToArray());
    }

    [Fact]
    public async Task The_kiosk_follows_its_turn_at_the_Location_the_ticket_gave_and_learns_nothing_else()
    {
        await f.Issue("juridica", Api.Tenjo);
        var issued = await f.Anonymous().PostAsJsonAsync($"/api/{Api.Tenjo}/turns", new { service = "juridica" });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var turnId = (await issued.Body()).GetProperty("turnId").GetGuid();
        var location = issued.Headers.Location!.ToString();
        Assert.Equal($"/api/{Api.Tenjo}/turns/{turnId}", location);

        var waiting = await (await f.Anonymous().GetAsync(location)).Body();
        Assert.Equal(turnId, waiting.GetProperty("turnId").GetGuid());
        Assert.Equal("J-002", waiting.GetProperty("label").GetString());
        Assert.Equal("juridica", waiting.GetProperty("service").GetString());
        Assert.Equal(2, waiting.GetProperty("number").GetInt32());
        Assert.Equal("waiting", waiting.GetProperty("status").GetString());
        Assert.Equal(1, waiting.GetProperty("waitingAhead").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, waiting.GetProperty("desk").ValueKind);
        Assert.Equal(
            ["turnId", "service", "label", "number", "day", "status", "desk", "issuedAt", "calledAt", "waitingAhead"],
            waiting.EnumerateObject().Select(p => p.Name));

        await f.CallNext("juridica", "Módulo 1", Api.Tenjo);
        Assert.Equal(0, (await (await f.Anonymous().GetAsync(location)).Body()).GetProperty("waitingAhead").GetInt32());
        f.Time.Advance(TimeSpan.FromMinutes(2));
        await f.CallNext("juridica", "Módulo 4", Api.Tenjo);
        var called = await (await f.Anonymous().GetAsync(location)).Body();
        Assert.Equal("called", called.GetProperty("status").GetString());
        Assert.Equal("Módulo 4", called.GetProperty("desk").GetString());
        Assert.Equal(f.Time.GetUtcNow(), called.GetProperty("calledAt").GetDateTimeOffset());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, called.GetProperty("waitingAhead").ValueKind);

        var caseId = await f.As(Api.Tenjo, "advisor").CreateCase(Api.Tenjo, Api.NewCase("in-person"));
        Assert.Equal(HttpStatusCode.OK, (await f.Serve(turnId, caseId, Api.Tenjo)).StatusCode);
        var served = await (await f.Anonymous().GetAsync(location)).Body();
        Assert.Equal("served", served.GetProperty("status").GetString());
        Assert.DoesNotContain(caseId.ToString(), served.ToString());

        var unknown = await (await f.Anonymous().GetAsync($"/api/{Api.Tenjo}/turns/{Guid.NewGuid()}")).AssertProblem(HttpStatusCode.NotFound);
        Assert.Contains("no turn", unknown.GetProperty("detail").GetString());
        await (await f.Anonymous().GetAsync($"/api/{Api.Flori}/turns/{turnId}")).AssertProblem(HttpStatusCode.NotFound);
        await (await f.Anonymous().GetAsync($"/api/{Api.Tenjo}/turns/not-a-guid")).AssertProblem(HttpStatusCode.NotFound);
    }
}
