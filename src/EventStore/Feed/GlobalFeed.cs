using Atencion.EventStore.Reading;
using Npgsql;

namespace Atencion.EventStore.Feed;

/// <summary>The ordered log of every tenant's events, safe to consume without ever skipping a late-committing transaction.</summary>
/// <remarks>
/// Sequence numbers are taken at insert but become visible at commit, so a reader ordering by <c>seq_id</c> alone can pass
/// a gap that fills later (what Marten's daemon handles with its high-water mark). This feed orders by (transaction id,
/// seq_id), the transaction being the one the chain's <c>event_hashes</c> row records (inserted in the append's own
/// transaction), and returns only events of transactions older than the oldest one still running: everything below that
/// horizon is final, so each event is delivered exactly once and in the same order on every read, on every node.
/// </remarks>
public sealed class GlobalFeed(NpgsqlDataSource dataSource, EventTypeRegistry types, string schema = GlobalFeed.DefaultSchema)
{
    /// <summary>The NOTIFY channel appends signal on.</summary>
    public const string Channel = "atencion_events";

    /// <summary>The schema of Marten's event tables and the chain's side tables (<c>MartenSettings.SchemaName</c>).</summary>
    public const string DefaultSchema = "atencion_es";

    /// <summary>The last position of the log now (committed or not), or <see cref="FeedPosition.Start"/> when it is empty.</summary>
    public async Task<FeedPosition> HeadAsync(CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand(
            // Qualified: a bare "tx_id" in the order by would name the text output column, and "99999" sorts after "100000".
            $"select h.tx_id::text, h.seq_id from {schema}.{Marten.HashChain.ChainTables.EventHashes} h order by h.tx_id desc, h.seq_id desc limit 1");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? new FeedPosition(ulong.Parse(r.GetString(0)), r.GetInt64(1)) : FeedPosition.Start;
    }

    /// <summary>Reads up to <paramref name="max"/> events after a position, in feed order, below the visibility horizon.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadAsync(FeedPosition after, int max, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"""
            select {EventReader.Columns} from {EventReader.From(schema)}
            where (h.tx_id, h.seq_id) > (@tx::text::xid8, @seq)
              and h.tx_id < pg_snapshot_xmin(pg_current_snapshot())
            order by h.tx_id, h.seq_id
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
        await using var cmd = dataSource.CreateCommand($"""
            select count(*), min(e.timestamp) from {EventReader.From(schema)} where (h.tx_id, h.seq_id) > (@tx::text::xid8, @seq)
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
