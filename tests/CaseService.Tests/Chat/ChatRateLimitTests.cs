using System.Net;

namespace Atencion.CaseService.Tests.Chat;

public sealed class ChatRateLimitTests(Public.StrictRateLimitFixture f) : IClassFixture<Public.StrictRateLimitFixture>
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
