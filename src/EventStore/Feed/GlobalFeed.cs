using Atencion.EventStore.Reading;
using Npgsql;

namespace Atencion.EventStore.Feed;

/// <summary>The ordered log of every tenant's events, safe to consume without ever skipping a late-committing transaction.</summary>
/// <remarks>
/// Sequence numbers are taken at insert but become visible at commit, so a reader ordering by <c>seq</c> alone can pass
/// a gap that fills later (Marten's daemon "high-water mark" problem). This feed orders by (transaction id, seq) and
/// returns only events of transactions older than the oldest one still running: everything below that horizon is
/// final, so each event is delivered exactly once and in the same order on every read.
/// </remarks>
public sealed class GlobalFeed(NpgsqlDataSource dataSource, EventTypeRegistry types)
{
    /// <summary>The NOTIFY channel appends signal on.</summary>
    public const string Channel = "atencion_events";

    /// <summary>Reads up to <paramref name="max"/> events after a position, in feed order, below the visibility horizon.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadAsync(FeedPosition after, int max, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"""
            select {EventReader.Columns} from atencion.events
            where (tx_id, seq) > (@tx::text::xid8, @seq)
              and tx_id < pg_snapshot_xmin(pg_current_snapshot())
            order by atencion.events.tx_id, atencion.events.seq
            limit @max
            """);
        cmd.Parameters.Add(new NpgsqlParameter<string>("tx", after.TxId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        cmd.Parameters.Add(new NpgsqlParameter<long>("seq", after.Seq));
        cmd.Parameters.Add(new NpgsqlParameter<int>("max", max));
        return await EventReader.ReadAllAsync(cmd, types, ct);
    }

    /// <summary>How far a position is behind the head of the log: events not yet consumed, and the age of the oldest of them.</summary>
    public async Task<FeedLag> LagAsync(FeedPosition position, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            select count(*), min(recorded_at) from atencion.events where (tx_id, seq) > (@tx::text::xid8, @seq)
            """);
        cmd.Parameters.Add(new NpgsqlParameter<string>("tx", position.TxId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        cmd.Parameters.Add(new NpgsqlParameter<long>("seq", position.Seq));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new FeedLag(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
    }
}

/// <summary>How far a subscriber is behind: events not yet consumed and when the oldest of them was recorded.</summary>
public sealed record FeedLag(long Events, DateTimeOffset? OldestPendingRecordedAt);
