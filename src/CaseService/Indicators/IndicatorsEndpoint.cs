using Atencion.CaseService.Entities;
using Atencion.CaseService.Http;
using Atencion.Projections.Indicators;
using Atencion.Projections.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atencion.CaseService.Indicators;

public static class IndicatorsEndpoint
{
    /// <summary><c>GET indicators?from=&amp;to=</c>: every indicator over the period (docs/indicators.md).</summary>
    public static async Task<Ok<IndicatorSet>> Handle(string? from, string? to, HttpContext http, CaseFactsReader facts, InPersonIndicator inPerson,
        TimeProvider time, CancellationToken ct)
    {
        var (f, t) = Reports.Periods.Range(from, to);
        return TypedResults.Ok(await ComputeAsync(http, facts, inPerson, time, f, t, ct));
    }

    /// <summary>The indicators of the request's entity over a period, as of now.</summary>
    internal static async Task<IndicatorSet> ComputeAsync(HttpContext http, CaseFactsReader facts, InPersonIndicator inPerson, TimeProvider time, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var tenant = TenantFilter.TenantOf(http).Value;
        var clock = EntityClock.For(TenantFilter.EntityOf(http), time);
        var active = await facts.ActiveAsync(tenant, from, to, clock.Zone, ct);
        var pending = await facts.PendingAsync(tenant, ct);
        return new IndicatorCalculator(clock.Zone, clock.Calendar).Compute(active, pending, from, to, clock.Now)
            with { InPerson = await inPerson.ComputeAsync(http, from, to, ct) };
    }
}
