using Atencion.EventStore.Marten.Store;
using System.Net;
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
        var caseId = await f.GivenInPersonCase(user: "operadora");
        var body = (await f.Serve(called.GetProperty("turnId").GetGuid(), caseId, expect: x => x.StatusCodeShouldBeOk())).Json();
        Assert.Equal(caseId, body.GetProperty("caseId").GetGuid());
        Assert.Equal(420, body.GetProperty("waitedSeconds").GetInt32());
        Assert.Equal(180, body.GetProperty("serviceSeconds").GetInt32());
        Assert.DoesNotContain("P-001", (await f.Board()).CalledLabels());

        // The turn's stream holds the measured times for the in-person service level.
        var store = f.Host.Services.GetRequiredService<EventStore.Marten.Store.MartenEventStore>();
        var events = await store.ReadStreamAsync(new EventStore.TenantId(TurnApi.Faca), called.GetProperty("turnId").GetGuid());
        Assert.Equal(["TurnIssued", "TurnCalled", "TurnServed"], events.Select(e => e.Data.GetType().Name));
        Assert.Equal(caseId, ((Domain.Turns.TurnServed)events[2].Data).CaseId);
        Assert.Equal(EventCatalog.TurnStream, "turn");
    }

    [Fact]
    public async Task Two_desks_calling_at_once_get_different_turns()
    {
        await f.GivenWaitingTurns("orientacion", 2, Api.Tenjo);
        var calls = await Task.WhenAll(
            f.CallNext("orientacion", "Módulo 1", Api.Tenjo), f.CallNext("orientacion", "Módulo 2", Api.Tenjo));
        Assert.Equal(["O-001", "O-002"], calls.Select(c => c.GetProperty("label").GetString()!).Order().ToArray());
    }

    [Fact]
    public async Task Calling_when_nobody_waits_is_a_404_problem()
    {
        var before = await f.Db.CountEventsAsync();
        await f.As("alcaldia-valledupar", "advisor").CallNextTurn(new { service = "pagos", desk = "1" }, "alcaldia-valledupar", x => x.ProblemShouldBe(HttpStatusCode.NotFound));
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
        var problem = (await f.IssueTurn(json, TurnApi.Faca, x => x.ProblemShouldBe(HttpStatusCode.BadRequest))).Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task An_unknown_service_lists_the_entitys_services()
    {
        var problem = (await f.IssueTurn(new { service = "fotocopias" }, TurnApi.Faca, x => x.ProblemShouldBe(HttpStatusCode.BadRequest))).Json();
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
        var problem = (await f.As(TurnApi.Faca, "advisor").CallNextTurn(json, TurnApi.Faca, x => x.ProblemShouldBe(HttpStatusCode.BadRequest))).Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task Calling_and_serving_need_staff()
    {
        var before = await f.Db.CountEventsAsync();
        await f.Anonymous().CallNextTurn(new { service = "registro", desk = "1" }, TurnApi.Faca, x => x.ProblemShouldBe(HttpStatusCode.Unauthorized));
        await f.As(TurnApi.Faca, "auditor").CallNextTurn(new { service = "registro", desk = "1" }, TurnApi.Faca, x => x.ProblemShouldBe(HttpStatusCode.Forbidden));
        await f.Anonymous().ServeTurn(Guid.NewGuid(), new { caseId = Guid.NewGuid() }, TurnApi.Faca, x => x.ProblemShouldBe(HttpStatusCode.Unauthorized));
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task Bad_served_requests_are_problems_and_change_nothing()
    {
        const string tenant = "personeria-itagui";
        var ticket = await f.Issue("registro", tenant);
        var turnId = ticket.GetProperty("turnId").GetGuid();
        var caseId = await f.GivenInPersonCase(tenant, body: Attention.AttentionApi.Competent());
        var staff = f.As(tenant, "advisor");
        var before = await f.Db.CountEventsAsync();

        var missing = (await staff.ServeTurn(turnId, "{}", tenant, x => x.ProblemShouldBe(HttpStatusCode.BadRequest))).Json();
        Assert.True(missing.GetProperty("errors").TryGetProperty("caseId", out _));
        var unknown = (await staff.ServeTurn(turnId, new { caseId = Guid.NewGuid() }, tenant, x => x.ProblemShouldBe(HttpStatusCode.BadRequest))).Json();
        Assert.True(unknown.GetProperty("errors").TryGetProperty("caseId", out _));
        await staff.ServeTurn(turnId, new { caseId = "not-a-guid" }, tenant, x => x.ProblemShouldBe(HttpStatusCode.BadRequest));
        await staff.ServeTurn(Guid.NewGuid(), new { caseId }, tenant, x => x.ProblemShouldBe(HttpStatusCode.NotFound));
        // Waiting, not called yet.
        var waiting = (await staff.ServeTurn(turnId, new { caseId }, tenant, x => x.ProblemShouldBe(HttpStatusCode.Conflict))).Json();
        Assert.Equal("waiting", waiting.GetProperty("state").GetString());
        // Another entity neither knows the case nor the turn.
        await f.Serve(turnId, caseId, expect: x => x.ProblemShouldBe(HttpStatusCode.BadRequest));
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task The_board_shows_only_its_entitys_called_turns()
    {
        await f.GivenCalledTurn("registro", "Ventanilla 1", "alcaldia-valledupar");
        var board = await f.Board("alcaldia-valledupar");
        Assert.Equal(["R-001"], board.CalledLabels());
        Assert.DoesNotContain("R-001", (await f.Board(Api.Flori)).CalledLabels());
        await f.Anonymous().Scenario(x => { x.Get.Url("/api/no-such-entity/turns/board"); x.ProblemShouldBe(HttpStatusCode.NotFound); });
    }

    [Fact]
    public async Task Serving_refuses_a_case_of_another_channel_and_a_case_another_turn_already_claims_appending_nothing()
    {
        const string tenant = "alcaldia-valledupar";
        var staff = f.As(tenant, "advisor", "operadora");
        await f.GivenWaitingTurns("juridica", 2, tenant);
        var first = (await f.CallNext("juridica", "Módulo 1", tenant)).GetProperty("turnId").GetGuid();
        var second = (await f.CallNext("juridica", "Módulo 2", tenant)).GetProperty("turnId").GetGuid();
        var phoneCase = await staff.CreateCase(tenant, Api.NewCase("phone"));
        var inPersonCase = await f.GivenInPersonCase(tenant, "operadora");
        var before = await f.Db.CountEventsAsync();

        var phone = (await f.Serve(first, phoneCase, tenant, x => x.ProblemShouldBe(HttpStatusCode.Conflict))).Json();
        Assert.Equal("not-in-person", phone.GetProperty("state").GetString());
        Assert.Contains("phone", phone.GetProperty("detail").GetString());
        Assert.Equal(before, await f.Db.CountEventsAsync());

        await f.Serve(first, inPersonCase, tenant, x => x.StatusCodeShouldBeOk());
        var afterServed = await f.Db.CountEventsAsync();
        var claimed = (await f.Serve(second, inPersonCase, tenant, x => x.ProblemShouldBe(HttpStatusCode.Conflict))).Json();
        Assert.Equal("linked", claimed.GetProperty("state").GetString());
        Assert.Contains("J-001", claimed.GetProperty("detail").GetString());
        Assert.Equal(afterServed, await f.Db.CountEventsAsync());
        Assert.Equal("called", (await f.Turn(TurnScenarios.TurnUrl(tenant, second))).GetProperty("status").GetString());

        // The second turn's own case serves it.
        await f.Serve(second, await f.GivenInPersonCase(tenant, "operadora"), tenant, x => x.StatusCodeShouldBeOk());
    }

    [Fact]
    public async Task Two_turns_served_at_once_with_one_case_link_it_once()
    {
        const string tenant = "alcaldia-valledupar";
        await f.GivenWaitingTurns("orientacion", 2, tenant);
        var a = (await f.CallNext("orientacion", "Caja 1", tenant)).GetProperty("turnId").GetGuid();
        var b = (await f.CallNext("orientacion", "Caja 2", tenant)).GetProperty("turnId").GetGuid();
        var caseId = await f.GivenInPersonCase(tenant);

        var answers = await Task.WhenAll(f.Serve(a, caseId, tenant, x => x.IgnoreStatusCode()), f.Serve(b, caseId, tenant, x => x.IgnoreStatusCode()));

        Assert.Equal([(int)HttpStatusCode.OK, (int)HttpStatusCode.Conflict], answers.Select(r => r.Status()).Order().ToArray());
    }

    [Fact]
    public async Task The_kiosk_follows_its_turn_at_the_Location_the_ticket_gave_and_learns_nothing_else()
    {
        await f.Issue("juridica", Api.Tenjo);
        var issued = await f.IssueTurn(new { service = "juridica" }, Api.Tenjo, x => x.StatusCodeShouldBe(HttpStatusCode.Created));
        var turnId = issued.Json().GetProperty("turnId").GetGuid();
        var location = issued.Header("Location");
        Assert.Equal($"/api/{Api.Tenjo}/turns/{turnId}", location);

        var waiting = await f.Turn(location);
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
        Assert.Equal(0, (await f.Turn(location)).GetProperty("waitingAhead").GetInt32());
        f.Time.Advance(TimeSpan.FromMinutes(2));
        await f.CallNext("juridica", "Módulo 4", Api.Tenjo);
        var called = await f.Turn(location);
        Assert.Equal("called", called.GetProperty("status").GetString());
        Assert.Equal("Módulo 4", called.GetProperty("desk").GetString());
        Assert.Equal(f.Time.GetUtcNow(), called.GetProperty("calledAt").GetDateTimeOffset());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, called.GetProperty("waitingAhead").ValueKind);

        var caseId = await f.GivenInPersonCase(Api.Tenjo);
        await f.Serve(turnId, caseId, Api.Tenjo, x => x.StatusCodeShouldBeOk());
        var served = await f.Turn(location);
        Assert.Equal("served", served.GetProperty("status").GetString());
        Assert.DoesNotContain(caseId.ToString(), served.ToString());

        var unknown = await f.FollowTurn(TurnScenarios.TurnUrl(Api.Tenjo, Guid.NewGuid()), x => x.ProblemShouldBe(HttpStatusCode.NotFound));
        Assert.Contains("no turn", unknown.Detail());
        await f.FollowTurn(TurnScenarios.TurnUrl(Api.Flori, turnId), x => x.ProblemShouldBe(HttpStatusCode.NotFound));
        await f.FollowTurn(TurnScenarios.TurnUrl(Api.Tenjo, "not-a-guid"), x => x.ProblemShouldBe(HttpStatusCode.NotFound));
    }
}
