using System.Collections.Concurrent;
using System.Text.Json;
using Atencion.CaseService.RealTime;
using Atencion.Domain.Chat;
using Atencion.EventStore;
using Atencion.EventStore.Marten.Store;
using Atencion.Projections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Atencion.CaseService.Tests.Chat;

/// <summary>
/// Each node feeds its own hub clients from the committed log (its own Marten subscription): in order per case, each push
/// carrying the stream's version, and after a restart from the present, so nothing pushed before is pushed again.
/// </summary>
[Collection(ChatCollection.Name)]
public sealed class HubFeedTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    private static HubConnection Connect(Alba.IAlbaHost node, string token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(node.Server.BaseAddress, $"/hubs/chat?access_token={token}"), o =>
            {
                o.HttpMessageHandlerFactory = _ => node.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();

    /// <summary>Every <c>message</c> pushed to this connection about the case, in arrival order.</summary>
    private static ConcurrentQueue<JsonElement> Record(HubConnection connection, Guid caseId)
    {
        var pushed = new ConcurrentQueue<JsonElement>();
        connection.On<JsonElement>("message", m => { if (m.GetProperty("caseId").GetGuid() == caseId) pushed.Enqueue(m); });
        return pushed;
    }

    /// <summary>Starts the connection and waits for the hub's <c>joined</c>: from then on nothing appended is missed.</summary>
    private static async Task StartJoinedAsync(HubConnection connection, Guid caseId)
    {
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = connection.On<Guid>("joined", id => { if (id == caseId) joined.TrySetResult(); });
        await connection.StartAsync();
        await joined.Task.WaitAsync(Within);
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Within;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not within {Within.TotalSeconds} s: {what}");
            await Task.Delay(25);
        }
    }

    private static string Text(JsonElement m) => m.GetProperty("text").GetString()!;

    private static long Version(JsonElement m) => m.GetProperty("version").GetInt64();

    /// <summary>The stream version and sequence number the log holds for a chat message.</summary>
    private async Task<(long Version, long Seq)> StoredAsync(Guid caseId, Guid messageId)
    {
        await using var conn = new NpgsqlConnection(f.Db.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select version, seq_id from atencion_es.mt_events where stream_id = $1 and data->>'messageId' = $2", conn);
        cmd.Parameters.AddWithValue(caseId);
        cmd.Parameters.AddWithValue(messageId.ToString());
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync(), $"message {messageId} is not in the log");
        return (r.GetInt64(0), r.GetInt64(1));
    }

    [Fact]
    public async Task A_client_of_node_B_receives_what_node_A_appends_in_order_each_push_carrying_the_streams_version()
    {
        await using var nodeB = await f.NewHostAsync(new Dictionary<string, string> { ["Projections:Node"] = "hub-feed-b" });
        var chat = await f.GivenChatWithAdvisorPresent(Api.Flori, "asesora");
        await using var citizen = Connect(nodeB, chat.Token);
        var pushed = Record(citizen, chat.CaseId);
        await StartJoinedAsync(citizen, chat.CaseId);

        var advisorOnA = f.As(Api.Flori, "advisor", "asesora");
        string[] texts = ["Uno.", "Dos.", "Tres.", "Cuatro.", "Cinco."];
        var ids = new List<Guid>();
        foreach (var text in texts)
            ids.Add((await advisorOnA.Say(Api.Flori, chat.CaseId, text)).Json().GetProperty("messageId").GetGuid());
        await WaitForAsync(() => pushed.Count(m => texts.Contains(Text(m))) == texts.Length, "the five messages on node B");

        var ours = pushed.Where(m => texts.Contains(Text(m))).ToList();
        Assert.Equal(texts, ours.Select(Text));
        Assert.Equal(ids, ours.Select(m => m.GetProperty("messageId").GetGuid()));
        // The version is the case stream's own, strictly increasing: what a client dedupes and orders by.
        for (var i = 0; i < ids.Count; i++)
            Assert.Equal((await StoredAsync(chat.CaseId, ids[i])).Version, Version(ours[i]));
        Assert.Equal(ours.Select(Version).Order(), ours.Select(Version));
        Assert.Equal(ours.Count, ours.Select(Version).Distinct().Count());
        // And nothing else of the case was pushed twice to this one connection.
        Assert.Equal(pushed.Count, pushed.Select(Version).Distinct().Count());
    }

    [Fact]
    public async Task After_a_restart_a_new_client_gets_new_events_and_nothing_pushed_before_the_restart_is_pushed_again()
    {
        var settings = new Dictionary<string, string> { ["Projections:Node"] = "hub-feed-restart" };
        var chat = await f.GivenChatWithAdvisorPresent(Api.Flori, "asesora");
        var advisorOnA = f.As(Api.Flori, "advisor", "asesora");

        // Before: a client of the node receives "Antes." with its version.
        long before;
        await using (var first = await f.NewHostAsync(settings))
        {
            await using var citizen = Connect(first, chat.Token);
            var pushed = Record(citizen, chat.CaseId);
            await StartJoinedAsync(citizen, chat.CaseId);
            await advisorOnA.Say(Api.Flori, chat.CaseId, "Antes.");
            await WaitForAsync(() => pushed.Any(m => Text(m) == "Antes."), "\"Antes.\" before the restart");
            before = Version(pushed.Single(m => Text(m) == "Antes."));
        }

        // While the node is down: appended on node A.
        var whileDown = (await advisorOnA.Say(Api.Flori, chat.CaseId, "Mientras.")).Json().GetProperty("messageId").GetGuid();
        var stored = await StoredAsync(chat.CaseId, whileDown);

        // The same node starts again; its widget reconnects, and on "joined" reads what it missed over HTTP.
        await using var second = await f.NewHostAsync(settings);
        await using var again = Connect(second, chat.Token);
        var pushedAgain = Record(again, chat.CaseId);
        await StartJoinedAsync(again, chat.CaseId);
        var read = await f.Citizen(chat.Token).ReadChat(Api.Flori, chat.CaseId);
        Assert.Contains("Antes.", read.Texts());
        Assert.Contains("Mientras.", read.Texts());

        await advisorOnA.Say(Api.Flori, chat.CaseId, "Después.");
        await WaitForAsync(() => pushedAgain.Any(m => Text(m) == "Después."), "\"Después.\" after the restart");

        // The restarted node's subscription began at the present: past everything committed before it started, so neither
        // what it pushed before the restart nor what was appended while it was down (read over HTTP) is pushed again.
        var feed = second.Services.GetRequiredService<HubFeed>();
        Assert.True(feed.Subscription!.StartedAfterSeq >= stored.Seq, $"the restarted feed began after {feed.Subscription.StartedAfterSeq}, before \"Mientras.\" ({stored.Seq})");
        var after = pushedAgain.ToList();
        Assert.Equal(["Después."], after.Select(Text));
        Assert.True(Version(after[0]) > stored.Version && stored.Version > before);
    }

    [Fact]
    public async Task An_append_that_commits_late_is_pushed_not_skipped_and_before_what_committed_after_it()
    {
        // A node that skips a dead gap after 0.5 s: only the live transaction's evidence holds it for longer.
        await using var node = await f.NewHostAsync(new Dictionary<string, string>
        {
            ["Projections:Node"] = "hub-feed-late", ["Projections:StaleSequenceSeconds"] = "0.5",
        });
        var slowChat = await f.GivenChatWithAdvisorPresent(Api.Flori, "asesora");
        var fastChat = await f.GivenChatWithAdvisorPresent(Api.Flori, "asesora");
        await using var console = Connect(node, f.As(Api.Flori, "advisor", "asesora").Token!);
        var order = new ConcurrentQueue<string>();
        console.On<JsonElement>("message", m => { if (Text(m) is "Lento." or "Rápido.") order.Enqueue(Text(m)); });
        await console.StartAsync();
        await console.InvokeAsync("Join", Api.Flori, slowChat.CaseId);
        await console.InvokeAsync("Join", Api.Flori, fastChat.CaseId);

        // "Lento." takes its sequence number first and holds its transaction open; "Rápido." commits meanwhile.
        var store = f.Host.Services.GetRequiredService<MartenEventStore>();
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = store.AppendAsync(new TenantId(Api.Flori), slowChat.CaseId, EventCatalog.CaseStream, ExpectedVersion.Any,
            [new MessagePosted(Guid.NewGuid(), MessageSender.Advisor, "asesora", "Lento.")], EventMetadata.System("chat"),
            async (_, _) => { inside.SetResult(); await release.Task; });
        await inside.Task.WaitAsync(Within);
        await f.As(Api.Flori, "advisor", "asesora").Say(Api.Flori, fastChat.CaseId, "Rápido.");
        // Well past the 0.5 s after which a gap with no live transaction would be skipped (the serving role ends a
        // transaction idle for 5 s).
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty(order);

        release.SetResult();
        await slow;
        await WaitForAsync(() => order.Count == 2, "both messages after the late commit");
        Assert.Equal(["Lento.", "Rápido."], order);
    }
}
