using System.Text.Json;
using Atencion.EventStore.Marten.HashChain;
using Atencion.EventStore.Marten.Store;
using Npgsql;

namespace Atencion.EventStore.Reading;

/// <summary>Maps rows of Marten's <c>mt_events</c>, joined with the chain's <c>event_hashes</c> (alias <c>h</c>), to <see cref="RecordedEvent"/>s.</summary>
internal static class EventReader
{
    /// <summary>The columns to select, with <c>e</c> the events and <c>h</c> their hash rows.</summary>
    public const string Columns =
        "e.seq_id, h.tx_id::text, e.tenant_id, e.stream_id, e.version, e.id, e.type, e.data::text, e.user_name, e.correlation_id, e.causation_id, e.headers::text, e.timestamp, h.hash";

    /// <summary>The events joined with their hash rows, in the given schema.</summary>
    public static string From(string schema) =>
        $"{schema}.{ChainTables.EventHashes} h join {schema}.mt_events e on e.seq_id = h.seq_id";

    public static async Task<IReadOnlyList<RecordedEvent>> ReadAllAsync(NpgsqlCommand cmd, EventTypeRegistry types, CancellationToken ct)
    {
        var list = new List<RecordedEvent>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) list.Add(Map(reader, types));
        return list;
    }

    public static RecordedEvent Map(NpgsqlDataReader r, EventTypeRegistry types)
    {
        var type = r.GetString(6);
        var json = r.GetString(7);
        return new RecordedEvent(
            Seq: r.GetInt64(0),
            TxId: ulong.Parse(r.GetString(1)),
            Tenant: new TenantId(r.GetString(2)),
            StreamId: r.GetGuid(3),
            Version: r.GetInt64(4),
            EventId: r.GetGuid(5),
            EventType: type,
            Data: types.Deserialize(type, json),
            Json: json,
            Metadata: MartenMetadata.FromColumns(
                r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9),
                r.IsDBNull(10) ? null : r.GetString(10), r.IsDBNull(11) ? null : r.GetString(11)),
            RecordedAt: r.GetFieldValue<DateTimeOffset>(12),
            Hash: r.GetFieldValue<byte[]>(13));
    }
}
