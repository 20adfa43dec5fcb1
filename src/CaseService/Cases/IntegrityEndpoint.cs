using Atencion.CaseService.Http;
using Atencion.EventStore.Integrity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atencion.CaseService.Cases;

public static class IntegrityEndpoint
{
    /// <summary>
    /// Recomputes the case's hash chain and checks its head and view: <c>{ valid, events, headHash }</c> or
    /// <c>{ valid: false, firstInvalidVersion, reason }</c>; 404 only when nothing of the case exists.
    /// </summary>
    public static async Task<Ok<IntegrityReport>> Handle(Guid id, HttpContext http, CaseIntegrity integrity, CancellationToken ct)
    {
        var report = await integrity.VerifyAsync(TenantFilter.TenantOf(http), id, ct);
        return report is null ? throw new ResourceNotFound($"There is no case {id}.") : TypedResults.Ok(report);
    }
}
