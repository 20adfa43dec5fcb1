using System.Net;
using System.Net.Http.Json;
using Atencion.CaseService.Tests.Public;
using Atencion.CaseService.Turns;

namespace Atencion.CaseService.Tests.Turns;

/// <summary>The kiosk's anonymous routes share the turns family's limit (three a minute per entity and address in this fixture); staff are not throttled.</summary>
public sealed class TurnRateLimitTests(StrictRateLimitFixture f) : IClassFixture<StrictRateLimitFixture>
{
    [Fact]
    public async Task Past_the_limit_the_kiosk_gets_a_429_problem_with_retry_after_and_issues_nothing()
    {
        var first = (await f.Issue("registro")).GetProperty("turnId").GetGuid();
        await f.Issue("registro");
        Assert.Equal(HttpStatusCode.OK, (await f.Anonymous().GetAsync($"/api/{TurnApi.Faca}/turns/{first}")).StatusCode);
        var before = await f.Db.CountEventsAsync();

        var refused = await f.Anonymous().PostAsJsonAsync($"/api/{TurnApi.Faca}/turns", new { service = "registro" });

        var problem = await refused.AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.Contains("requests a minute", problem.GetProperty("detail").GetString());
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {refused.Headers.RetryAfter}");
        await (await f.Anonymous().GetAsync($"/api/{TurnApi.Faca}/turns/{first}")).AssertProblem(HttpStatusCode.TooManyRequests);
        await (await f.Anonymous().GetAsync($"/api/{TurnApi.Faca}/turns/board")).AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.Equal(before, await f.Db.CountEventsAsync());

        // The desks are staff: calling the next turn is not throttled.
        Assert.Equal("R-001", (await f.CallNext("registro")).GetProperty("label").GetString());
    }
}

/// <summary>The board hub's negotiate request counts against the turns family's limit, so anonymous screens cannot open connections without end.</summary>
public sealed class TurnBoardHubRateLimitTests(StrictRateLimitFixture f) : IClassFixture<StrictRateLimitFixture>
{
    [Fact]
    public async Task Past_the_limit_negotiating_with_the_board_hub_is_a_429_problem()
    {
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await f.Anonymous().PostAsync($"{TurnBoardHub.Path}/negotiate?negotiateVersion=1", null)).StatusCode);

        var refused = await f.Anonymous().PostAsync($"{TurnBoardHub.Path}/negotiate?negotiateVersion=1", null);

        await refused.AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {refused.Headers.RetryAfter}");
    }
}
