using Npgsql;

namespace Atencion.EventStore.Reading;

/// <summary>Maps rows of <c>atencion.events</c> to <see cref="RecordedEvent"/>s.</summary>
internal static class EventReader
{
    public const string Columns =
        "seq, tx_id::text as tx_id_text, tenant_id, stream_id, version, event_id, event_type, data::text, metadata::text, recorded_at, hash";

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
            Metadata: types.DeserializeMetadata(r.GetString(8)),
            RecordedAt: r.GetFieldValue<DateTimeOffset>(9),
            Hash: r.GetFieldValue<byte[]>(10));
    }
}
