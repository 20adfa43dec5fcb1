using Atencion.CaseService.Jobs;
using Atencion.Domain.Cases;
using Atencion.Domain.Chat;
using Atencion.EventStore;
using Atencion.EventStore.Feed;
using Microsoft.AspNetCore.SignalR;
using Npgsql;

namespace Atencion.CaseService.Chat;

/// <summary>A message as the hub pushes it (event <c>message</c>); <c>withdrawn</c> and <c>closed</c> carry the case and message or reason.</summary>
public sealed record PushedMessage(Guid CaseId, Guid MessageId, MessageSender From, string? Author, string Text, DateTimeOffset At);

/// <summary>Each node's non-durable consumer of the global feed: from the head at start, it pushes chat events to the case's hub group.</summary>
/// <remarks>
/// Fed from the log rather than from the request that posted, every node delivers every message, whichever node appended it.
/// No checkpoint is written: a client that reconnects reads what it missed with GET …/messages?after=.
/// </remarks>
public sealed class ChatFeedPusher(NpgsqlDataSource db, PostgresEventStore store, IHubContext<ChatHub> hub, ILogger<ChatFeedPusher> log)
    : BackgroundService
{
    // Short, because the feed's visibility horizon is cluster-wide: a transaction of another database can hold back
    // an event of ours and then commit without a NOTIFY on this database. The read is an index range scan.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var feed = new GlobalFeed(db, store.Options.Types);
        FeedPosition? position = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var listener = await db.OpenConnectionAsync(ct);
                await using (var listen = new NpgsqlCommand($"listen {GlobalFeed.Channel}", listener)) await listen.ExecuteNonQueryAsync(ct);
                position ??= await HeadAsync(listener, ct);
                try
                {
                    while (!ct.IsCancellationRequested)
                    {
                        position = await PushAvailableAsync(feed, position.Value, ct);
                        await listener.WaitAsync(PollInterval, ct);
                    }
                }
                finally
                {
                    if (listener.State == System.Data.ConnectionState.Open)
                        await using (var unlisten = new NpgsqlCommand("unlisten *", listener)) await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                log.LogWarning(e, "Chat feed interrupted; retrying.");
                try { await Task.Delay(PollInterval, ct); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    // Everything of transactions older than the oldest one running is past; later ones are still to come.
    private static async Task<FeedPosition> HeadAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select pg_snapshot_xmin(pg_current_snapshot())::text", conn);
        return new FeedPosition(ulong.Parse((string)(await cmd.ExecuteScalarAsync(ct))!) - 1, long.MaxValue);
    }

    private async Task<FeedPosition> PushAvailableAsync(GlobalFeed feed, FeedPosition position, CancellationToken ct)
    {
        while (true)
        {
            var batch = await feed.ReadAsync(position, 500, ct);
            if (batch.Count == 0) return position;
            foreach (var e in batch)
            {
                var group = hub.Clients.Group(ChatHub.Group(e.Tenant.Value, e.StreamId));
                var push = e.Data switch
                {
                    MessagePosted m => group.SendAsync("message", new PushedMessage(e.StreamId, m.MessageId, m.From, m.Author, m.Text, e.RecordedAt), ct),
                    MessageWithdrawn w => group.SendAsync("withdrawn", e.StreamId, w.MessageId, ct),
                    ChatClosed c => group.SendAsync("closed", e.StreamId, c.Reason, ct),
                    DeadlineWarningRaised or DeadlineBreached => DeadlineNotice.PushAsync(hub, e, ct),
                    _ => Task.CompletedTask,
                };
                await push;
            }
            position = FeedPosition.After(batch[^1]);
        }
    }
}
