using System.Net;

namespace Atencion.CaseService.Tests.Chat;

/// <summary>The service with the public pages' limit at three requests a minute (like the PQRSD form's rate limit tests).</summary>
public sealed class ChatRateLimitFixture() : ServiceFixture(new Dictionary<string, string> { ["RateLimits:PublicPerMinute"] = "3" });

public sealed class ChatRateLimitTests(ChatRateLimitFixture f) : IClassFixture<ChatRateLimitFixture>
{
    private const string Availability = $"/api/{Api.Flori}/chat/availability";

    [Fact]
    public async Task Past_the_limit_starting_chats_answers_429_and_opens_nothing()
    {
        var citizen = f.Anonymous();
        await citizen.Scenario(x =>
        {
            x.Get.Url(Availability);
            x.StatusCodeShouldBe(HttpStatusCode.OK);
        });
        await f.StartChat(Api.Flori);
        await f.StartChat(Api.Flori);
        var before = await f.Db.CountEventsAsync();

        await citizen.Scenario(x =>
        {
            x.Post.Json(ChatApi.Form()).ToUrl($"/api/{Api.Flori}/chats");
            x.ProblemShouldBe(HttpStatusCode.TooManyRequests);
        });
        await citizen.Scenario(x =>
        {
            x.Get.Url(Availability);
            x.ProblemShouldBe(HttpStatusCode.TooManyRequests);
        });
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }
}
