using Atencion.EventStore.Marten.Store;
using Atencion.CaseService.Http;
using Atencion.Domain.Calendar;
using Atencion.Domain.Entities;
using Atencion.EventStore;
using Atencion.Projections;

namespace Atencion.CaseService.Entities;

/// <summary>Sets an entity's configuration through its own stream, so every change is an event with who and when.</summary>
public sealed class EntityCommands(MartenEventStore store)
{
    /// <summary>Applies the settings; returns the stream version after the change (unchanged when nothing differs).</summary>
    public async Task<long> ChangeAsync(TenantId tenant, EntitySettings settings, IfMatchCondition? ifMatch, EventMetadata metadata, CancellationToken ct)
    {
        var streamId = ChangeSettings.StreamId(tenant.Value);
        var events = await store.ReadStreamAsync(tenant, streamId, ct: ct);
        var current = events.Select(e => e.Data).OfType<EntitySettingsChanged>().LastOrDefault()?.Settings;
        long version = events.Count == 0 ? 0 : events[^1].Version;
        if (ifMatch is not null && !ifMatch.Matches(version)) throw new PreconditionFailed(ifMatch, version);

        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(settings.TimeZone ?? "", out var z) ? z : EntityTimeZone.Default;
        var decided = new ChangeSettings(settings).Decide(current, EntityTimeZone.LocalDate(store.Options.Time.GetUtcNow(), zone));
        if (decided.Count == 0) return version;
        try
        {
            var result = await store.AppendAsync(tenant, streamId, EventCatalog.EntityStream,
                version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(version), decided.Cast<object>().ToList(), metadata, ct: ct);
            return result.Version;
        }
        catch (Exception e) when (ifMatch is not null && StoreConflict.Of(e) is { } conflict)
        {
            throw new PreconditionFailed(ifMatch, conflict.Actual);
        }
    }
}
