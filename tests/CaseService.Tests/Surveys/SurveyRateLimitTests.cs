using System.Net;
using System.Net.Http.Json;
using Atencion.CaseService.Tests.Public;

namespace Atencion.CaseService.Tests.Surveys;

/// <summary>The anonymous survey routes share the surveys family's limit (three a minute per entity and address in this fixture).</summary>
public sealed class SurveyRateLimitTests(StrictRateLimitFixture f) : IClassFixture<StrictRateLimitFixture>
{
    [Fact]
    public async Task Past_the_limit_reading_or_answering_a_survey_is_a_429_problem_and_records_nothing()
    {
        // Staff close a web case as answered (staff routes are not throttled): the survey is offered.
        var advisor = f.As(Api.Tenjo, "advisor");
        var id = await advisor.CreateCase(Api.Tenjo, Api.NewCase("web"));
        Assert.Equal(HttpStatusCode.OK, (await advisor.PostAsJsonAsync($"/api/{Api.Tenjo}/cases/{id}/classify", new { type = "orientation" })).StatusCode);
        var closed = await (await advisor.PostAsJsonAsync($"/api/{Api.Tenjo}/cases/{id}/close", new { reason = "answered" })).Body();
        var token = closed.GetProperty("surveyToken").GetString()!;
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await f.Anonymous().GetAsync($"/api/{Api.Tenjo}/surveys/{token}")).StatusCode);
        var before = await f.Db.CountEventsAsync();

        var read = await f.Anonymous().GetAsync($"/api/{Api.Tenjo}/surveys/{token}");
        var answer = await f.Anonymous().PostAsJsonAsync($"/api/{Api.Tenjo}/surveys/{token}",
            new { courtesy = 5, quality = 5, timeliness = 5, competence = 5, needMet = true });

        await read.AssertProblem(HttpStatusCode.TooManyRequests);
        var problem = await answer.AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.Contains("requests a minute", problem.GetProperty("detail").GetString());
        Assert.True(answer.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {answer.Headers.RetryAfter}");
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }
}
