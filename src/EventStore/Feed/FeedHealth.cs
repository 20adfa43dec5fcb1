using Npgsql;

namespace Atencion.EventStore.Feed;

/// <summary>How the feed is flowing: events held back behind the visibility horizon, and each subscription's lag.</summary>
/// <param name="HeldBack">Events appended but not yet deliverable, because a transaction older than theirs is still running.</param>
/// <param name="OldestHeldBackAt">When the oldest of them was recorded (null when none is held back).</param>
/// <param name="Subscriptions">Each subscription's events not yet consumed and the age of the oldest of them.</param>
public sealed record FeedHealth(long HeldBack, DateTimeOffset? OldestHeldBackAt, IReadOnlyDictionary<string, FeedLag> Subscriptions)
{
    /// <summary>Reads the feed's state now.</summary>
    public static async Task<FeedHealth> ReadAsync(NpgsqlDataSource dataSource, CancellationToken ct, string schema = GlobalFeed.DefaultSchema)
    {
        long held;
        DateTimeOffset? oldest;
        await using (var cmd = dataSource.CreateCommand($"""
            select count(*), min(e.timestamp) from {Reading.EventReader.From(schema)} where h.tx_id >= pg_snapshot_xmin(pg_current_snapshot())
            """))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            (held, oldest) = (r.GetInt64(0), r.IsDBNull(1) ? null : r.GetFieldValue<DateTimeOffset>(1));
        }
        var subscriptions = new Dictionary<string, FeedLag>();
        await using (var cmd = dataSource.CreateCommand($"""
            select s.name, count(e.seq_id), min(e.timestamp) from atencion.subscriptions s
            left join ({Reading.EventReader.From(schema)}) on (h.tx_id, h.seq_id) > (s.tx_id, s.seq)
            group by s.name order by s.name
            """))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                subscriptions[r.GetString(0)] = new FeedLag(r.GetInt64(1), r.IsDBNull(2) ? null : r.GetFieldValue<DateTimeOffset>(2));
        return new FeedHealth(held, oldest, subscriptions);
    }
}
