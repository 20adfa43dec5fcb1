using System.Collections.Concurrent;
using Atencion.CaseService.Http;
using Atencion.Projections.Entities;

namespace Atencion.CaseService.Chat;

/// <summary>
/// Each entity's allowed web origins, read from its configuration, with the last set read kept for a database outage:
/// the entity's page must still be able to read the 503 (and its Retry-After) that says the service is unavailable.
/// </summary>
public sealed class AllowedOrigins(EntityRegistry entities)
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _lastKnown = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The entity's allowed origins; none for an unknown or unnamed entity; the last known ones while the store is unreachable.</summary>
    public async Task<IReadOnlyList<string>> OfAsync(string? tenant, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(tenant)) return [];
        try
        {
            var origins = (await entities.FindAsync(tenant, ct))?.Settings.AllowedOrigins ?? [];
            _lastKnown[tenant] = origins;
            return origins;
        }
        catch (Exception e) when (StoreOutage.Is(e) && _lastKnown.TryGetValue(tenant, out var known))
        {
            return known;
        }
    }
}
