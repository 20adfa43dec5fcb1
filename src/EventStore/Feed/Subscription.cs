using Npgsql;

namespace Atencion.EventStore.Feed;

/// <summary>A named, durable consumer of the global feed: it resumes from its stored checkpoint and never skips an event.</summary>
/// <remarks>
/// The subscriber's writes and the new checkpoint commit in the same transaction, so a crash between batches neither
/// loses nor repeats an effect. It wakes on NOTIFY and polls as a fallback.
/// </remarks>
public sealed class Subscription(NpgsqlDataSource dataSource, GlobalFeed feed, string name, ISubscriber subscriber)
{
    /// <summary>The subscription's name: the key of its checkpoint.</summary>
    public string Name { get; } = name;

    /// <summary>Events per batch.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>How long to wait for a notification before polling anyway.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Reads the stored checkpoint, or <see cref="FeedPosition.Start"/> when there is none.</summary>
    public async Task<FeedPosition> CheckpointAsync(CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("select tx_id::text, seq from atencion.subscriptions where name = @name");
        cmd.Parameters.Add(new NpgsqlParameter<string>("name", Name));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new FeedPosition(ulong.Parse(reader.GetString(0)), reader.GetInt64(1)) : FeedPosition.Start;
    }

    /// <summary>Processes everything available now; returns how many events were handled.</summary>
    public async Task<int> CatchUpAsync(CancellationToken ct = default)
    {
        var position = await CheckpointAsync(ct);
        var total = 0;
        while (true)
        {
            var batch = await feed.ReadAsync(position, BatchSize, ct);
            if (batch.Count == 0) return total;
            position = FeedPosition.After(batch[^1]);
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            await subscriber.HandleAsync(batch, tx, ct);
            await using (var save = new NpgsqlCommand("""
                insert into atencion.subscriptions (name, tx_id, seq, updated_at) values (@name, @tx::text::xid8, @seq, now())
                on conflict (name) do update set tx_id = excluded.tx_id, seq = excluded.seq, updated_at = excluded.updated_at
                """, conn, tx))
            {
                save.Parameters.Add(new NpgsqlParameter<string>("name", Name));
                save.Parameters.Add(new NpgsqlParameter<string>("tx", position.TxId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                save.Parameters.Add(new NpgsqlParameter<long>("seq", position.Seq));
                await save.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
            total += batch.Count;
        }
    }

    /// <summary>Runs until cancelled: catches up, then waits for a NOTIFY or the poll interval, and repeats.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        await using var listener = await dataSource.OpenConnectionAsync(ct);
        await using (var listen = new NpgsqlCommand($"listen {GlobalFeed.Channel}", listener))
            await listen.ExecuteNonQueryAsync(ct);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await CatchUpAsync(ct);
                await listener.WaitAsync(PollInterval, ct);
            }
            ct.ThrowIfCancellationRequested();
        }
        finally
        {
            // The pool does not reset sessions (see EventStoreDataSource): leave no LISTEN behind.
            if (listener.State == System.Data.ConnectionState.Open)
                await using (var unlisten = new NpgsqlCommand("unlisten *", listener))
                    await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
