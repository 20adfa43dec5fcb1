using Atencion.EventStore.Marten.Store;
using Atencion.CaseService.Http;
using Atencion.Domain.Common;
using Atencion.EventStore;
using Atencion.EventStore.Integrity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atencion.CaseService.Audit;

/// <summary>
/// <c>GET audit/checkpoint</c> and <c>POST audit/checkpoint/verify</c>: the entity's stream heads under the service's
/// MAC, for auditors to keep, and the comparison of the store with one kept earlier.
/// </summary>
/// <remarks>
/// A head's MAC catches a tail removed with the head set back, but not a head put back from a copy taken earlier with
/// its MAC; a checkpoint taken after that copy does. Auditors take one periodically and keep it outside the database.
/// </remarks>
public static class CheckpointEndpoints
{
    /// <summary>Every stream head of the caller's entity now, with the service's MAC over them.</summary>
    public static async Task<Ok<StreamCheckpoint>> Take(HttpContext http, MartenEventStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.TakeCheckpointAsync(TenantFilter.TenantOf(http), ct));

    /// <summary>
    /// Compares the store with a checkpoint this service issued for the caller's entity: every stream it lists must still
    /// hold the recorded hash at the recorded version, at or below its head. A checkpoint whose MAC does not verify is a 400.
    /// </summary>
    public static async Task<Ok<CheckpointReport>> Verify(StreamCheckpoint checkpoint, HttpContext http, MartenEventStore store, CancellationToken ct)
    {
        var report = await store.VerifyCheckpointAsync(TenantFilter.TenantOf(http), checkpoint, ct);
        if (!report.Authentic)
            throw new ValidationFailed(new Dictionary<string, string[]>
            {
                ["mac"] = ["the checkpoint's MAC does not verify: it was not issued by this service for this entity, or it was altered."],
            });
        return TypedResults.Ok(report);
    }
}
