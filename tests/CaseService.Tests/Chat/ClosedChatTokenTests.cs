using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Atencion.CaseService.Tests.Chat;

/// <summary>A citizen's chat token opens its chat for ten minutes after the chat closed (the widget's last render), then no more.</summary>
public sealed class ClosedChatTokenTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private Caller Advisor => f.As(Api.Flori, "advisor", "asesora");

    [Fact]
    public async Task A_closed_chat_is_readable_with_its_token_for_ten_minutes_then_refused_on_every_chat_route_and_the_hub()
    {
        var chat = await f.GivenChatWithAdvisorPresent(Api.Flori, "asesora");
        var citizen = f.Citizen(chat.Token);
        await citizen.Verb(Api.Flori, chat.CaseId, "close", new { reason = "citizen" });

        f.Time.Advance(TimeSpan.FromMinutes(9));
        var read = await citizen.ReadChat(Api.Flori, chat.CaseId);
        Assert.Equal("closed", read.GetProperty("status").GetString());

        f.Time.Advance(TimeSpan.FromMinutes(2));
        var events = await f.Db.CountEventsAsync();
        var refused = (await citizen.ReadChatAnswer(Api.Flori, chat.CaseId, x => x.ProblemShouldBe(HttpStatusCode.Unauthorized))).Json();
        Assert.Contains("ended", refused.GetProperty("detail").GetString());
        await citizen.Say(Api.Flori, chat.CaseId, "¿Sigue ahí?", expect: x => x.ProblemShouldBe(HttpStatusCode.Unauthorized));
        await citizen.PostToChat(Api.Flori, chat.CaseId, "satisfaction", new { satisfied = true }, x => x.ProblemShouldBe(HttpStatusCode.Unauthorized));
        await citizen.PostToChat(Api.Flori, chat.CaseId, "close", new { reason = "citizen" }, x => x.ProblemShouldBe(HttpStatusCode.Unauthorized));
        Assert.Equal(events, await f.Db.CountEventsAsync());

        // Staff keep reading the chat; only the citizen's token lapsed.
        var staffRead = await Advisor.ReadChat(Api.Flori, chat.CaseId);
        Assert.Equal("citizen", staffRead.GetProperty("closedReason").GetString());

        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(f.Host.Server.BaseAddress, $"/hubs/chat?access_token={chat.Token}"), o =>
            {
                o.HttpMessageHandlerFactory = _ => f.Host.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        // The hub joins a citizen's chat on connecting, with the same grace: the connection is closed, saying why.
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };
        Exception? refusal;
        try
        {
            await hub.StartAsync();
            refusal = await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) { refusal = e; }
        Assert.Contains("ended", refusal?.Message);
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
    }

    [Fact]
    public async Task An_open_chat_stays_readable_with_its_token_however_long_it_lasts()
    {
        var chat = await f.StartChat(Api.Tenjo); // offline at Tenjo: waits for an email answer, never closed by the citizen
        f.Time.Advance(TimeSpan.FromMinutes(30));
        var read = await f.Citizen(chat.Token).ReadChat(Api.Tenjo, chat.CaseId);
        Assert.NotEqual("closed", read.GetProperty("status").GetString());
    }
}
