using System.Net;
using Atencion.CaseService.Inbound;
using Atencion.CaseService.Tests.Http;
using Atencion.CaseService.Tests.Lifecycle;

namespace Atencion.CaseService.Tests.Inbound;

/// <summary>The inbound fixture with a limit of three inbound emails a minute per entity.</summary>
public sealed class InboundRateLimitFixture() : ServiceFixture(new Dictionary<string, string>
{
    [InboundSignature.SecretKey(Api.Flori)] = InboundApi.FloriSecret,
    [InboundSignature.SecretKey(Api.Tenjo)] = InboundApi.TenjoSecret,
    ["RateLimits:InboundEmailPerMinute"] = "3",
});

public sealed class InboundRateLimitTests(InboundRateLimitFixture f) : IClassFixture<InboundRateLimitFixture>
{
    [Fact]
    public async Task Past_the_entitys_limit_a_minute_even_a_valid_email_is_a_429_with_retry_after_and_other_entities_are_unaffected()
    {
        await f.Deliver(InboundApi.Email(), expect: x => x.StatusCodeShouldBe(HttpStatusCode.Created));
        // Invented signatures count: they are what a flood would send.
        for (var i = 0; i < 2; i++)
            await f.Anonymous().Scenario(x =>
            {
                x.PostToInbound("{}"u8.ToArray());
                x.Signed(f.Timestamp(), "sha256=" + new string('0', 64));
                x.StatusCodeShouldBe(HttpStatusCode.Unauthorized);
            });
        var before = await f.Db.CountEventsAsync();

        var refused = await f.Deliver(InboundApi.Email(), expect: x => x.ProblemShouldBe(HttpStatusCode.TooManyRequests));
        var problem = refused.Json();
        Assert.Contains("inbound emails a minute", problem.Str("detail"));
        Assert.True(refused.RetryAfter()?.Delta is { TotalSeconds: >= 1 and <= 60 }, $"Retry-After: {refused.RetryAfter()}");
        Assert.Equal(before, await f.Db.CountEventsAsync());

        await f.Deliver(InboundApi.Email(), Api.Tenjo, expect: x => x.StatusCodeShouldBe(HttpStatusCode.Created));
    }
}
