using Atencion.EventStore.Marten.Store;
using Atencion.EventStore;
using Atencion.EventStore.Feed;
using Npgsql;

namespace Atencion.CaseService.Hosting;

/// <summary>A node's non-durable consumer of the global feed that pushes some events to hub clients (chat messages, board calls).</summary>
/// <remarks>
/// Fed from the log rather than from the request that appended, every node delivers every event, whichever node appended
/// it. It starts at the head when the node starts and writes no checkpoint: a client that reconnects reads what it
/// missed over HTTP. It wakes on NOTIFY and polls often besides, because the feed's visibility horizon is cluster-wide:
/// a transaction of another database can hold back an event of ours and then commit without a NOTIFY on this database.
/// </remarks>
public abstract class FeedPusher(NpgsqlDataSource db, MartenEventStore store, ILogger log) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>What is pushed, for the log (e.g. "Chat feed").</summary>
    protected abstract string What { get; }

    /// <summary>Pushes one event of the feed, or ignores it.</summary>
    protected abstract Task PushAsync(RecordedEvent e, CancellationToken ct);

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
                    // The pool does not reset sessions (see EventStoreDataSource): leave no LISTEN behind.
                    if (listener.State == System.Data.ConnectionState.Open)
                        await using (var unlisten = new NpgsqlCommand("unlisten *", listener)) await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                log.LogWarning(e, "{What} interrupted; retrying.", What);
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
            foreach (var e in batch) await PushAsync(e, ct);
            position = FeedPosition.After(batch[^1]);
        }
    }
}
