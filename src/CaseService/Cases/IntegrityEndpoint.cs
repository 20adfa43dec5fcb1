using Atencion.CaseService.Http;
using Atencion.EventStore;
using Atencion.EventStore.Integrity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atencion.CaseService.Cases;

public static class IntegrityEndpoint
{
    /// <summary>Recomputes the case's hash chain: <c>{ valid, events }</c> or <c>{ valid: false, firstInvalidVersion, reason }</c>.</summary>
    public static async Task<Ok<IntegrityReport>> Handle(Guid id, HttpContext http, PostgresEventStore store, CancellationToken ct)
    {
        var tenant = TenantFilter.TenantOf(http);
        var state = await store.FetchStreamStateAsync(tenant, id, ct);
        if (state is null || state.StreamType != Projections.EventCatalog.CaseStream) throw new ResourceNotFound($"There is no case {id}.");
        return TypedResults.Ok(await store.VerifyStreamAsync(tenant, id, ct));
    }
}
