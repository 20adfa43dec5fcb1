using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Chat;

/// <summary>The hub delivers each message as it is appended to the log, to the citizen and staff of that chat only, from any node.</summary>
/// <remarks>In one collection with <see cref="ChatTests"/>, so that its 200-message storm does not run during the latency checks.</remarks>
[Collection(ChatCollection.Name)]
public sealed class ChatHubTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    // Generous: this checks delivery, not speed (each node's hub feed waits for an append still open, and the suite shares
    // the cluster under load). Latency is measured apart (docs/chat.md).
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    private static HubConnection Connect(Alba.IAlbaHost node, string? queryToken = null, string? bearer = null) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(node.Server.BaseAddress, "/hubs/chat" + (queryToken is null ? "" : $"?access_token={queryToken}")), o =>
            {
                o.HttpMessageHandlerFactory = _ => node.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                if (bearer is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(bearer);
            })
            .Build();

    /// <summary>Completes with the first pushed message whose text is <paramref name="text"/>.</summary>
    private static Task<JsonElement> Receive(HubConnection connection, string text)
    {
        var received = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<JsonElement>("message", m => { if (m.GetProperty("text").GetString() == text) received.TrySetResult(m); });
        return received.Task;
    }

    private string StaffToken(string role = "advisor") =>
        f.As(Api.Flori, role, "asesora").Token!;

    [Fact]
    public async Task A_message_posted_over_http_reaches_the_citizen_and_the_advisor_over_the_hub()
    {
        var chat = await f.GivenChatWithAdvisorPresent(Api.Flori, "asesora");
        await using var citizen = Connect(f.Host, queryToken: chat.Token);
        await using var advisor = Connect(f.Host, bearer: StaffToken());
        var toCitizen = Receive(citizen, "Con gusto le ayudo.");
        var toAdvisor = Receive(advisor, "Con gusto le ayudo.");
        await citizen.StartAsync();
        await advisor.StartAsync();
        await citizen.InvokeAsync("Join", Api.Flori, chat.CaseId);
        await advisor.InvokeAsync("Join", Api.Flori, chat.CaseId);

        var posted = (await f.As(Api.Flori, "advisor", "asesora").Say(Api.Flori, chat.CaseId, "Con gusto le ayudo.")).Json();

        var pushed = await toCitizen.WaitAsync(Within);
        Assert.Equal(posted.GetProperty("messageId").GetGuid(), pushed.GetProperty("messageId").GetGuid());
        Assert.Equal("advisor", pushed.GetProperty("from").GetString());
        Assert.Equal(chat.CaseId, pushed.GetProperty("caseId").GetGuid());
        await toAdvisor.WaitAsync(Within);
    }

    [Fact]
    public async Task A_citizen_receives_without_calling_Join_and_again_on_a_new_connection()
    {
        var chat = await f.GivenChatWithAdvisorPresent(Api.Flori, "asesora");
        var advisor = f.As(Api.Flori, "advisor", "asesora");
        await using var citizen = Connect(f.Host, queryToken: chat.Token);
        var first = Receive(citizen, "Primero.");
        var second = Receive(citizen, "Después de reconectar.");
        using var joined = new SemaphoreSlim(0);
        citizen.On<Guid>("joined", caseId => { if (caseId == chat.CaseId) joined.Release(); });
        await citizen.StartAsync();
        Assert.True(await joined.WaitAsync(Within), "no joined after connecting");
        await advisor.Say(Api.Flori, chat.CaseId, "Primero.");
        await first.WaitAsync(Within);

        // A reconnection is a new connection: the hub puts it into the chat again, as it does after a restart.
        await citizen.StopAsync();
        await citizen.StartAsync();
        Assert.True(await joined.WaitAsync(Within), "no joined after reconnecting");
        await advisor.Say(Api.Flori, chat.CaseId, "Después de reconectar.");
        await second.WaitAsync(Within);
    }

    [Fact]
    public async Task Staff_receive_their_console_notices_without_calling_JoinConsole()
    {
        // The console group is the staff member's own: a message sent to it reaches a connection that never joined.
        await using var supervisor = Connect(f.Host, bearer: f.As(Api.Flori, "supervisor", "jefa").Token!);
        var notice = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var expected = "";
        // A repeated probe arriving late is not taken for the next one.
        supervisor.On<string>("probe", text => { if (text == expected) notice.TrySetResult(text); });
        await supervisor.StartAsync();
        var hub = f.Host.Services.GetRequiredService<IHubContext<Atencion.CaseService.Chat.ChatHub>>();
        // The handshake completes before the hub's OnConnectedAsync adds the connection to its groups, so a probe is sent
        // again until it arrives (or the time is up).
        async Task<string> ProbeAsync(string group, string text)
        {
            notice = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            expected = text;
            var deadline = DateTime.UtcNow + Within;
            while (!notice.Task.IsCompleted && DateTime.UtcNow < deadline)
            {
                await hub.Clients.Group(group).SendAsync("probe", text);
                await Task.WhenAny(notice.Task, Task.Delay(200));
            }
            return await notice.Task.WaitAsync(TimeSpan.FromSeconds(1));
        }
        Assert.Equal("propio", await ProbeAsync(Atencion.CaseService.Chat.ChatHub.StaffMember(Api.Flori, "jefa"), "propio"));
        Assert.Equal("supervisores", await ProbeAsync(Atencion.CaseService.Chat.ChatHub.Supervisors(Api.Flori), "supervisores"));
    }

    [Fact]
    public async Task Another_chats_messages_are_not_delivered()
    {
        var mine = await f.GivenChatWithAdvisorPresent(Api.Flori, "asesora");
        var other = await f.GivenChatWithAdvisorPresent(Api.Flori, "asesora");
        await using var citizen = Connect(f.Host, queryToken: mine.Token);
        var leaked = Receive(citizen, "Solo para el otro chat.");
        var own = Receive(citizen, "Para usted.");
        await citizen.StartAsync();
        await citizen.InvokeAsync("Join", Api.Flori, mine.CaseId);
        await Assert.ThrowsAsync<HubException>(() => citizen.InvokeAsync("Join", Api.Flori, other.CaseId));
        await Assert.ThrowsAsync<HubException>(() => citizen.InvokeAsync("Join", Api.Tenjo, mine.CaseId));

        var advisor = f.As(Api.Flori, "advisor", "asesora");
        await advisor.Say(Api.Flori, other.CaseId, "Solo para el otro chat.");
        await advisor.Say(Api.Flori, mine.CaseId, "Para usted.");
        await own.WaitAsync(Within);
        Assert.False(leaked.IsCompleted);
    }

    [Fact]
    public async Task Without_a_token_or_with_a_role_outside_the_chat_the_hub_refuses()
    {
        await using var anonymous = Connect(f.Host);
        await Assert.ThrowsAnyAsync<Exception>(() => anonymous.StartAsync());
        await using var auditor = Connect(f.Host, bearer: StaffToken("auditor"));
        await Assert.ThrowsAnyAsync<Exception>(() => auditor.StartAsync());
    }

    [Fact]
    public async Task A_message_appended_on_another_node_reaches_a_client_of_this_one()
    {
        await using var nodeB = await f.NewHostAsync();
        var chat = await f.GivenChatWithAdvisorPresent(Api.Flori, "asesora");
        await using var citizen = Connect(f.Host, queryToken: chat.Token);
        var received = Receive(citizen, "Desde el nodo B.");
        await citizen.StartAsync();
        await citizen.InvokeAsync("Join", Api.Flori, chat.CaseId);

        var citizenOnB = new Caller(nodeB, chat.Token, acceptLanguage: null);
        await citizenOnB.Say(Api.Flori, chat.CaseId, "Desde el nodo B.", expect: x => x.StatusCodeShouldBe(System.Net.HttpStatusCode.Created));

        await received.WaitAsync(Within);
    }

    [Fact]
    public async Task Withdrawal_and_closing_are_pushed_too()
    {
        var chat = await f.GivenChatWithAdvisorPresent(Api.Flori, "asesora");
        await using var citizen = Connect(f.Host, queryToken: chat.Token);
        var withdrawn = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        var closed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        citizen.On<Guid, Guid>("withdrawn", (_, messageId) => withdrawn.TrySetResult(messageId));
        citizen.On<Guid, string>("closed", (_, reason) => closed.TrySetResult(reason));
        await citizen.StartAsync();
        await citizen.InvokeAsync("Join", Api.Flori, chat.CaseId);

        var said = (await f.Citizen(chat.Token).Say(Api.Flori, chat.CaseId, "grosería")).Json().GetProperty("messageId").GetGuid();
        var supervisor = f.As(Api.Flori, "supervisor", "jefa");
        await supervisor.Verb(Api.Flori, chat.CaseId, $"messages/{said}/withdraw");
        await supervisor.Verb(Api.Flori, chat.CaseId, "close", new { reason = "conduct" });

        // Delivery, not latency, is the point here.
        Assert.Equal(said, await withdrawn.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("conduct", await closed.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
