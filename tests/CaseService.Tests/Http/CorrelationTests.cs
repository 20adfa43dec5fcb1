using System.Net;

namespace Atencion.CaseService.Tests.Http;

/// <summary>docs/api.md: "Every request gets an X-Correlation-Id response header (the caller's GUID when it sent one)".</summary>
public sealed class CorrelationTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private static HttpRequestMessage Post(string json, Guid correlation)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/{Api.Flori}/cases") { Content = Api.Raw(json) };
        request.Headers.Add("X-Correlation-Id", correlation.ToString());
        return request;
    }

    [Fact]
    public async Task A_successful_request_echoes_the_callers_correlation_id()
    {
        var correlation = Guid.NewGuid();
        var response = await f.As(Api.Flori, "advisor").SendAsync(Post(System.Text.Json.JsonSerializer.Serialize(Api.NewCase()), correlation));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(correlation.ToString(), response.Headers.GetValues("X-Correlation-Id").Single());
    }

    [Fact]
    public async Task A_refused_request_echoes_the_callers_correlation_id()
    {
        var correlation = Guid.NewGuid();
        var response = await f.As(Api.Flori, "advisor").SendAsync(Post("""{"channel":"fax","subject":"a","text":"b"}""", correlation));

        await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(response.Headers.TryGetValues("X-Correlation-Id", out var values), "no X-Correlation-Id on the problem answer");
        Assert.Equal(correlation.ToString(), values.Single());
    }

    [Fact]
    public async Task An_unauthenticated_request_echoes_the_callers_correlation_id()
    {
        var correlation = Guid.NewGuid();
        var response = await f.Anonymous().SendAsync(Post("{}", correlation));

        await response.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.True(response.Headers.TryGetValues("X-Correlation-Id", out var values), "no X-Correlation-Id on the 401");
        Assert.Equal(correlation.ToString(), values.Single());
    }
}
