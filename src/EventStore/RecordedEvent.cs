using System.Text.Json;

namespace Atencion.EventStore;

/// <summary>An event as stored in the log: its position, stream, version, payload, metadata and hash.</summary>
/// <param name="Seq">The global sequence number (unique, increasing, but not gap-free nor commit-ordered).</param>
/// <param name="TxId">The id of the transaction that appended it (events appended together share it).</param>
/// <param name="Tenant">The owning tenant.</param>
/// <param name="StreamId">The stream it belongs to.</param>
/// <param name="Version">Its 1-based position within the stream.</param>
/// <param name="EventId">Its unique id.</param>
/// <param name="EventType">Its stored type name.</param>
/// <param name="Data">The deserialized payload, or a <see cref="JsonElement"/> when the type is not registered.</param>
/// <param name="Json">The payload as JSON text (as serialized on append, as jsonb renders it on read).</param>
/// <param name="Metadata">Who, on whose behalf, which channel, correlation and causation.</param>
/// <param name="RecordedAt">When it was appended, from the store's <see cref="TimeProvider"/>, to the microsecond.</param>
/// <param name="Hash">The keyed link: HMAC-SHA-256 over the previous event's hash and this event's canonical text (see <see cref="Integrity.EventHash"/>).</param>
public sealed record RecordedEvent(
    long Seq,
    ulong TxId,
    TenantId Tenant,
    Guid StreamId,
    long Version,
    Guid EventId,
    string EventType,
    object Data,
    string Json,
    EventMetadata Metadata,
    DateTimeOffset RecordedAt,
    byte[] Hash);
