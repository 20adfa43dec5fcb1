using Atencion.EventStore.Marten.Store;
using Atencion.CaseService.Cases;
using Atencion.CaseService.Http;
using Atencion.Domain.Attention;
using Atencion.Domain.Cases;
using Atencion.EventStore;
using Atencion.EventStore.Appending;

namespace Atencion.CaseService.Surveys;

/// <summary>
/// A phone or in-person attention that ends at opening with an orientation (<see cref="CitizenOriented"/>, closed as answered) was attended:
/// it is drawn into the survey sample like any other phone or in-person close, in the opening's transaction.
/// </summary>
public static class SurveyOnOrientation
{
    /// <summary>The survey events to append after the opening, or none when it is no orientation or the sample leaves the case out.</summary>
    public static async Task<Decision> DecideAsync(IReadOnlyList<ICaseEvent> opening, HttpContext http, TenantId tenant, StoreTransaction t,
        DateTimeOffset now, CancellationToken ct)
    {
        if (!opening.OfType<CitizenOriented>().Any() || opening is not [CaseOpened opened, ..]) return new Decision([]);
        var c = opening.Skip(1).Aggregate(Case.Create(opened), (s, e) => s.Apply(e, now));
        var offers = http.RequestServices.GetRequiredService<SurveyOffers>();
        var staff = http.User.FindFirst("sub")?.Value;
        var offered = await offers.OfferAsync(t, tenant, c, TenantFilter.EntityOf(http).Settings, staff, now, ct);
        return offered is null ? new Decision([]) : new Decision(offered.Events, Survey: offered);
    }
}
