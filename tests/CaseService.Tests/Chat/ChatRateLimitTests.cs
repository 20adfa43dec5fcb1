using System.Net;
using System.Net.Http.Json;
using Atencion.CaseService.Tests.Public;

namespace Atencion.CaseService.Tests.Chat;

public sealed class ChatRateLimitTests(StrictRateLimitFixture f) : IClassFixture<StrictRateLimitFixture>
{
    [Fact]
    public async Task Past_the_limit_starting_chats_answers_429_and_opens_nothing()
    {
        var citizen = f.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync($"/api/{Api.Flori}/chat/availability")).StatusCode);
        await f.StartChat(Api.Flori);
        await f.StartChat(Api.Flori);
        var before = await f.Db.CountEventsAsync();

        await (await citizen.PostAsJsonAsync($"/api/{Api.Flori}/chats", ChatApi.Form())).AssertProblem(HttpStatusCode.TooManyRequests);
        await (await citizen.GetAsync($"/api/{Api.Flori}/chat/availability")).AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }
}
