using System.Net;
using System.Net.Http.Json;

namespace Atencion.CaseService.Tests.Public;

/// <summary>The service with a public limit of three requests a minute per route family, entity and client address.</summary>
public sealed class StrictRateLimitFixture() : ServiceFixture(new Dictionary<string, string> { ["RateLimits:PublicPerMinute"] = "3" });

public sealed class PqrsdRateLimitTests(StrictRateLimitFixture f) : IClassFixture<StrictRateLimitFixture>
{
    [Fact]
    public async Task Past_the_limit_the_public_pages_answer_429_with_retry_after_and_file_nothing()
    {
        var citizen = f.Anonymous();
        var filed = await citizen.FilePqrsd();
        await citizen.FilePqrsd();
        await citizen.FilePqrsd();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await citizen.Status(Api.Flori, filed.Radicado, filed.TrackingCode)).StatusCode);
        var before = await f.Db.CountEventsAsync();

        var refused = await citizen.PostAsJsonAsync($"/api/{Api.Flori}/pqrsd", PublicApi.Form());

        var problem = await refused.AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.Equal(before, await f.Db.CountEventsAsync());
        await (await citizen.Status(Api.Flori, filed.Radicado, filed.TrackingCode)).AssertProblem(HttpStatusCode.TooManyRequests);

        // Staff are not throttled by the citizens' limit.
        await f.As(Api.Flori, "advisor").CreateCase();
    }
}
