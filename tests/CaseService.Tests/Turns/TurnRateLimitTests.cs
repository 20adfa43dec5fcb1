using System.Net;
using Atencion.CaseService.Turns;

namespace Atencion.CaseService.Tests.Turns;

/// <summary>The kiosk's anonymous routes share the turns family's limit (three a minute per entity and address in this fixture); staff are not throttled.</summary>
public sealed class TurnRateLimitTests(Public.StrictRateLimitFixture f) : IClassFixture<Public.StrictRateLimitFixture>
{
    [Fact]
    public async Task Past_the_limit_the_kiosk_gets_a_429_problem_with_retry_after_and_issues_nothing()
    {
        var first = TurnScenarios.TurnUrl(TurnApi.Faca, (await f.Issue("registro")).GetProperty("turnId").GetGuid());
        await f.Issue("registro");
        await f.FollowTurn(first, x => x.StatusCodeShouldBeOk());
        var before = await f.Db.CountEventsAsync();

        var refused = await f.IssueTurn(new { service = "registro" }, TurnApi.Faca, x => x.ProblemShouldBe(HttpStatusCode.TooManyRequests));

        Assert.Contains("requests a minute", refused.Detail());
        Assert.True(refused.RetryAfter() > TimeSpan.Zero, $"Retry-After: {refused.Header("Retry-After")}");
        await f.FollowTurn(first, x => x.ProblemShouldBe(HttpStatusCode.TooManyRequests));
        await f.Anonymous().Scenario(x => { x.Get.Url($"/api/{TurnApi.Faca}/turns/board"); x.ProblemShouldBe(HttpStatusCode.TooManyRequests); });
        Assert.Equal(before, await f.Db.CountEventsAsync());

        // The desks are staff: calling the next turn is not throttled.
        Assert.Equal("R-001", (await f.CallNext("registro")).GetProperty("label").GetString());
    }
}

/// <summary>The board hub's negotiate request counts against the turns family's limit, so anonymous screens cannot open connections without end.</summary>
public sealed class TurnBoardHubRateLimitTests(Public.StrictRateLimitFixture f) : IClassFixture<Public.StrictRateLimitFixture>
{
    private Task<IScenarioResult> Negotiate(Action<Scenario> expect) => f.Anonymous().Scenario(x =>
    {
        x.Post.Url($"{TurnBoardHub.Path}/negotiate?negotiateVersion=1");
        expect(x);
    });

    [Fact]
    public async Task Past_the_limit_negotiating_with_the_board_hub_is_a_429_problem()
    {
        for (var i = 0; i < 3; i++)
            await Negotiate(x => x.StatusCodeShouldBeOk());

        var refused = await Negotiate(x => x.ProblemShouldBe(HttpStatusCode.TooManyRequests));

        Assert.True(refused.RetryAfter() > TimeSpan.Zero, $"Retry-After: {refused.Header("Retry-After")}");
    }
}
