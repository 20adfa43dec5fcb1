using Atencion.EventStore.Marten;
using Npgsql;

namespace Atencion.EventStore.Reading;

/// <summary>Reads the whole log of every tenant in sequence order, for tools and tests that read it once the writers are done.</summary>
/// <remarks>
/// It does not wait for transactions still open: a live reader that must never pass a late commit runs on Marten's daemon
/// (its high-water mark with transaction evidence), as the async projections and each node's hub feed do.
/// </remarks>
public static class LogReader
{
    /// <summary>Up to <paramref name="max"/> committed events after a sequence number, in sequence order.</summary>
    public static async Task<IReadOnlyList<RecordedEvent>> ReadAsync(NpgsqlDataSource dataSource, EventTypeRegistry types, long afterSeq, int max,
        string schema = MartenSettings.DefaultSchema, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"""
            select {EventReader.Columns} from {EventReader.From(schema)} where e.seq_id > $1 order by e.seq_id limit $2
            """);
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSeq });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
        return await EventReader.ReadAllAsync(cmd, types, ct);
    }
}
