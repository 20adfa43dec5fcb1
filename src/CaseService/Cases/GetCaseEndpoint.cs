using Atencion.CaseService.Http;
using Atencion.EventStore.Reading;
using Atencion.Projections.Cases;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atencion.CaseService.Cases;

public static class GetCaseEndpoint
{
    /// <summary>The case view; with <c>version</c> or <c>asOf</c>, the view as it was then, folded from the stream.</summary>
    public static async Task<Ok<CaseView>> Handle(Guid id, long? version, DateTimeOffset? asOf, HttpContext http, CaseViews views, TimeProvider time, CancellationToken ct)
    {
        var tenant = TenantFilter.TenantOf(http);
        if (version is not null && asOf is not null)
            throw Invalid("version", "give either version or asOf, not both.");
        if (version is < 1) throw Invalid("version", "must be 1 or more.");
        var view = version is null && asOf is null
            ? await views.GetAsync(tenant, id, ct)
            : await views.GetAsOfAsync(tenant, id, new StreamReadOptions(ToVersion: version, Until: asOf), ct);
        if (view is null)
            throw new ResourceNotFound(version is null && asOf is null ? $"There is no case {id}." : $"Case {id} had no such state (version {version?.ToString() ?? "-"}, as of {asOf?.ToString("O") ?? "-"}).");
        Versions.SetETag(http.Response, view.Version);
        // Days left and overdue are read-time figures: as of now, or as of the instant asked for.
        var clock = Entities.EntityClock.For(TenantFilter.EntityOf(http), time);
        return TypedResults.Ok(view.AsOf(asOf is null ? clock : clock with { Now = asOf.Value }));
    }

    internal static Domain.Common.ValidationFailed Invalid(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}
