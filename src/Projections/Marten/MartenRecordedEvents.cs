using System.Text.Json;
using Atencion.EventStore;
using JasperFx.Events;

namespace Atencion.Projections.Marten;

/// <summary>Turns the events of a Marten daemon batch into the <see cref="RecordedEvent"/>s our projections read.</summary>
/// <remarks>
/// Role, channel and on-behalf-of travel as Marten headers (PLAN.md, "tenancy, metadata"); the acting user is Marten's
/// user name. Marten keeps no transaction id per event and our chain hash lives in <c>event_hashes</c>, so
/// <see cref="RecordedEvent.TxId"/> is 0 and <see cref="RecordedEvent.Hash"/> empty here; the adapter fills both from
/// <c>event_hashes</c> in the batch's transaction before a projection sees them.
/// </remarks>
public static class MartenRecordedEvents
{
    /// <summary>The header holding the actor's role.</summary>
    public const string RoleHeader = "role";

    /// <summary>The header holding the channel the interaction came through.</summary>
    public const string ChannelHeader = "channel";

    /// <summary>The header holding the person the actor acted for.</summary>
    public const string OnBehalfOfHeader = "onBehalfOf";

    /// <summary>
    /// Our events of a batch in its order; Marten's own events (the <c>tombstone</c> a failed append leaves) and types
    /// the registry does not know are left out, never treated as deletes.
    /// </summary>
    public static IReadOnlyList<RecordedEvent> From(IEnumerable<IEvent> events, EventTypeRegistry types)
    {
        var recorded = new List<RecordedEvent>();
        foreach (var e in events)
        {
            if (e.Data is null || !types.Names.TryGetValue(e.Data.GetType(), out var name)) continue;
            recorded.Add(new RecordedEvent(
                Seq: e.Sequence,
                TxId: 0,
                Tenant: new TenantId(e.TenantId),
                StreamId: e.StreamId,
                Version: e.Version,
                EventId: e.Id,
                EventType: name,
                Data: e.Data,
                Json: JsonSerializer.Serialize(e.Data, e.Data.GetType(), types.Json),
                Metadata: new EventMetadata(
                    e.UserName,
                    Header(e, RoleHeader),
                    Header(e, OnBehalfOfHeader),
                    Header(e, ChannelHeader),
                    Guid.TryParse(e.CorrelationId, out var correlation) ? correlation : Guid.Empty,
                    Guid.TryParse(e.CausationId, out var causation) ? causation : null),
                RecordedAt: e.Timestamp,
                Hash: []));
        }
        return recorded;
    }

    private static string? Header(IEvent e, string key) =>
        e.Headers is { } headers && headers.TryGetValue(key, out var value) && value is not null
            ? value is JsonElement { ValueKind: JsonValueKind.String } s ? s.GetString() : value.ToString()
            : null;
}
