using Atencion.EventStore.Feed;
using Npgsql;

namespace Atencion.Projections.Daemon;

/// <summary>A projection's row in <c>atencion.projection_checkpoints</c>: how far it is, and what its runner is doing.</summary>
/// <param name="Name">The projection.</param>
/// <param name="Position">The last event applied to the live tables.</param>
/// <param name="UpdatedAt">When the row last changed.</param>
/// <param name="State">running, rebuilding or faulted, as the runner holding the lock last wrote it.</param>
/// <param name="Node">The node that last held the projection's lock.</param>
/// <param name="LastError">The error that stopped it, when faulted.</param>
/// <param name="ErrorSeq">The sequence number of the event it failed on.</param>
/// <param name="ErrorEventType">That event's type.</param>
/// <param name="FaultedAt">When it stopped.</param>
/// <param name="RebuildRequestedAt">When a rebuild was asked for and not yet swapped in.</param>
/// <param name="RebuildSeq">How far the running rebuild has come (sequence number of its last event).</param>
/// <param name="LastRebuiltAt">When the last rebuild was swapped in.</param>
public sealed record ProjectionCheckpoint(
    string Name, FeedPosition Position, DateTimeOffset UpdatedAt, string State, string? Node, string? LastError, long? ErrorSeq,
    string? ErrorEventType, DateTimeOffset? FaultedAt, DateTimeOffset? RebuildRequestedAt, long? RebuildSeq, DateTimeOffset? LastRebuiltAt)
{
    private const string Columns = """
        name, tx_id::text, seq, updated_at, state, node, last_error, error_seq, error_event_type, faulted_at,
        rebuild_requested_at, rebuild_seq, last_rebuilt_at
        """;

    /// <summary>Reads every projection's row.</summary>
    public static async Task<IReadOnlyDictionary<string, ProjectionCheckpoint>> ReadAllAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"select {Columns} from atencion.projection_checkpoints");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var rows = new Dictionary<string, ProjectionCheckpoint>();
        while (await r.ReadAsync(ct))
            rows[r.GetString(0)] = new ProjectionCheckpoint(
                r.GetString(0), new FeedPosition(ulong.Parse(r.GetString(1)), r.GetInt64(2)), r.GetFieldValue<DateTimeOffset>(3),
                r.GetString(4), Text(r, 5), Text(r, 6), r.IsDBNull(7) ? null : r.GetInt64(7), Text(r, 8), At(r, 9), At(r, 10),
                r.IsDBNull(11) ? null : r.GetInt64(11), At(r, 12));
        return rows;
    }

    /// <summary>Reads one projection's row.</summary>
    public static async Task<ProjectionCheckpoint> ReadAsync(NpgsqlDataSource db, string name, CancellationToken ct) =>
        (await ReadAllAsync(db, ct)).TryGetValue(name, out var row) ? row
            : throw new InvalidOperationException($"Projection '{name}' has no checkpoint row; the daemon creates it at start.");

    /// <summary>Asks for a rebuild: the runner holding the projection's lock starts it at once (a NOTIFY wakes it).</summary>
    public static async Task<bool> RequestRebuildAsync(NpgsqlDataSource db, string name, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            "update atencion.projection_checkpoints set rebuild_requested_at = coalesce(rebuild_requested_at, now()) where name = @name");
        cmd.Parameters.AddWithValue("name", name);
        if (await cmd.ExecuteNonQueryAsync(ct) == 0) return false;
        await using var notify = db.CreateCommand($"select pg_notify('{GlobalFeed.Channel}', 'rebuild')");
        await notify.ExecuteNonQueryAsync(ct);
        return true;
    }

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
    private static DateTimeOffset? At(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
}
