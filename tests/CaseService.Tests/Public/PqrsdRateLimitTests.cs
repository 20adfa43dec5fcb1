using System.Net;
using Atencion.CaseService.Tests.Http;

namespace Atencion.CaseService.Tests.Public;

public sealed class PqrsdRateLimitTests(StrictRateLimitFixture f) : IClassFixture<StrictRateLimitFixture>
{
    [Fact]
    public async Task Past_the_limit_the_public_pages_answer_429_with_retry_after_and_file_nothing()
    {
        var citizen = f.Anonymous();
        var filed = await citizen.GivenFormsFiled(3);
        for (var i = 0; i < 3; i++)
            await citizen.Status(Api.Flori, filed.Radicado, filed.TrackingCode, x => x.StatusCodeShouldBeOk());
        var before = await f.Db.CountEventsAsync();

        var refused = await citizen.SendForm(Api.Flori, PublicApi.Form(), x => x.ProblemShouldBe(HttpStatusCode.TooManyRequests));

        var problem = refused.Json();
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.True(refused.RetryAfter()?.Delta > TimeSpan.Zero, $"Retry-After: {refused.RetryAfter()}");
        Assert.Equal(before, await f.Db.CountEventsAsync());
        await citizen.Status(Api.Flori, filed.Radicado, filed.TrackingCode, x => x.ProblemShouldBe(HttpStatusCode.TooManyRequests));

        // Staff are not throttled by the citizens' limit.
        await f.As(Api.Flori, "advisor").CreateCase();
    }
}
