using System.Net;

namespace Atencion.CaseService.Tests.Http;

/// <summary>docs/api.md: "Every request gets an X-Correlation-Id response header (the caller's GUID when it sent one)".</summary>
public sealed class CorrelationTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    /// <summary>Scenario step: a new case as raw JSON, sent with the caller's correlation id.</summary>
    private static void Post(Scenario x, string json, Guid correlation)
    {
        x.Post.RawJson(json).ToUrl($"/api/{Api.Flori}/cases");
        x.WithRequestHeader("X-Correlation-Id", correlation.ToString());
    }

    [Fact]
    public async Task A_successful_request_echoes_the_callers_correlation_id()
    {
        var correlation = Guid.NewGuid();
        var response = await f.As(Api.Flori, "advisor").Scenario(x =>
        {
            Post(x, System.Text.Json.JsonSerializer.Serialize(Api.NewCase()), correlation);
            x.StatusCodeShouldBe(HttpStatusCode.Created);
        });

        Assert.Equal(correlation.ToString(), response.Context.Response.Headers["X-Correlation-Id"].Single());
    }

    [Fact]
    public async Task A_refused_request_echoes_the_callers_correlation_id()
    {
        var correlation = Guid.NewGuid();
        var response = await f.As(Api.Flori, "advisor").Scenario(x =>
        {
            Post(x, """{"channel":"fax","subject":"a","text":"b"}""", correlation);
            x.ProblemShouldBe(HttpStatusCode.BadRequest);
        });

        Assert.True(response.Context.Response.Headers.TryGetValue("X-Correlation-Id", out var values), "no X-Correlation-Id on the problem answer");
        Assert.Equal(correlation.ToString(), values.Single());
    }

    [Fact]
    public async Task An_unauthenticated_request_echoes_the_callers_correlation_id()
    {
        var correlation = Guid.NewGuid();
        var response = await f.Anonymous().Scenario(x =>
        {
            Post(x, "{}", correlation);
            x.ProblemShouldBe(HttpStatusCode.Unauthorized);
        });

        Assert.True(response.Context.Response.Headers.TryGetValue("X-Correlation-Id", out var values), "no X-Correlation-Id on the 401");
        Assert.Equal(correlation.ToString(), values.Single());
    }
}
