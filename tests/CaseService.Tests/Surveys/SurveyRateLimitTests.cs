using System.Net;
using System.Net.Http.Headers;

namespace Atencion.CaseService.Tests.Surveys;

/// <summary>The anonymous survey routes share the surveys family's limit (three a minute per entity and address in this fixture).</summary>
public sealed class SurveyRateLimitTests(Public.StrictRateLimitFixture f) : IClassFixture<Public.StrictRateLimitFixture>
{
    [Fact]
    public async Task Past_the_limit_reading_or_answering_a_survey_is_a_429_problem_and_records_nothing()
    {
        // Staff close a web case as answered (staff routes are not throttled): the survey is offered.
        var closed = await f.GivenClosedAsAnswered(Api.Tenjo, "web", advisor: "ana");
        var token = closed.GetProperty("surveyToken").GetString()!;
        for (var i = 0; i < 3; i++)
            await f.ReadSurvey(Api.Tenjo, token, x => x.StatusCodeShouldBeOk());
        var before = await f.Db.CountEventsAsync();

        await f.ReadSurvey(Api.Tenjo, token, x => x.ProblemShouldBe(HttpStatusCode.TooManyRequests));
        var answer = await f.AnswerSurvey(Api.Tenjo, token, new { courtesy = 5, quality = 5, timeliness = 5, competence = 5, needMet = true },
            x => x.ProblemShouldBe(HttpStatusCode.TooManyRequests));

        Assert.Contains("requests a minute", answer.Detail());
        Assert.True(RetryConditionHeaderValue.TryParse(answer.Header("Retry-After"), out var retry) && retry.Delta > TimeSpan.Zero,
            $"Retry-After: {answer.Header("Retry-After")}");
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }
}
