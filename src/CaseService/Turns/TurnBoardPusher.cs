using Atencion.Domain.Turns;
using Atencion.EventStore;
using Atencion.EventStore.Feed;
using Microsoft.AspNetCore.SignalR;
using Npgsql;

namespace Atencion.CaseService.Turns;

/// <summary>Each node's non-durable consumer of the global feed for the boards: a call is pushed as <c>called</c>, a served or expired turn as <c>cleared</c>.</summary>
/// <remarks>Like the chat's pusher: from the head at start, LISTEN/NOTIFY with a short poll; a screen that reconnects reads GET turns/board.</remarks>
public sealed class TurnBoardPusher(NpgsqlDataSource db, PostgresEventStore store, IHubContext<TurnBoardHub> hub, ILogger<TurnBoardPusher> log)
    : BackgroundService
{
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
                if (position is null)
                {
                    await using var head = new NpgsqlCommand("select pg_snapshot_xmin(pg_current_snapshot())::text", listener);
                    position = new FeedPosition(ulong.Parse((string)(await head.ExecuteScalarAsync(ct))!) - 1, long.MaxValue);
                }
                while (!ct.IsCancellationRequested)
                {
                    position = await PushAvailableAsync(feed, position.Value, ct);
                    await listener.WaitAsync(PollInterval, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                log.LogWarning(e, "Turn board feed interrupted; retrying.");
                try { await Task.Delay(PollInterval, ct); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task<FeedPosition> PushAvailableAsync(GlobalFeed feed, FeedPosition position, CancellationToken ct)
    {
        while (true)
        {
            var batch = await feed.ReadAsync(position, 500, ct);
            if (batch.Count == 0) return position;
            foreach (var e in batch)
            {
                var board = hub.Clients.Group(TurnBoardHub.Group(e.Tenant.Value));
                await (e.Data switch
                {
                    TurnCalled c => board.SendAsync("called", new BoardTurn(e.StreamId, c.Label, c.Service, c.Desk, e.RecordedAt), ct),
                    TurnServed or TurnExpired => board.SendAsync("cleared", e.StreamId, ct),
                    _ => Task.CompletedTask,
                });
            }
            position = FeedPosition.After(batch[^1]);
        }
    }
}
