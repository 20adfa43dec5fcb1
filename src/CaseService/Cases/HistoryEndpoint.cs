using Atencion.EventStore.Marten.Store;
using System.Text.Json;
using Atencion.CaseService.Http;
using Atencion.EventStore;
using Atencion.EventStore.Reading;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atencion.CaseService.Cases;

/// <summary>One event of a case as auditors read it.</summary>
public sealed record HistoryEvent(long Version, string Type, DateTimeOffset RecordedAt, JsonElement Data, EventMetadata Metadata, string Hash);

/// <summary>A case's full history, oldest first.</summary>
public sealed record CaseHistory(Guid CaseId, IReadOnlyList<HistoryEvent> Events);

public static class HistoryEndpoint
{
    public static async Task<Ok<CaseHistory>> Handle(Guid id, DateTimeOffset? asOf, HttpContext http, MartenEventStore store, CancellationToken ct)
    {
        var events = await store.ReadStreamAsync(TenantFilter.TenantOf(http), id, new StreamReadOptions(Until: asOf), ct);
        if (events.Count == 0 || events[0].EventType != "CaseOpened") throw new ResourceNotFound($"There is no case {id}.");
        return TypedResults.Ok(new CaseHistory(id, events.Select(e => new HistoryEvent(
            e.Version, e.EventType, e.RecordedAt, JsonDocument.Parse(e.Json).RootElement.Clone(), e.Metadata,
            Convert.ToHexStringLower(e.Hash))).ToList()));
    }
}
