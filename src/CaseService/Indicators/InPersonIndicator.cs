using Atencion.CaseService.Http;
using Atencion.CaseService.Turns;
using Atencion.Projections.Indicators;
using Atencion.Projections.Turns;

namespace Atencion.CaseService.Indicators;

/// <summary>The in-person service level of the request's entity: its kiosk turns issued in the period, against its target wait.</summary>
public sealed class InPersonIndicator(TurnFactsReader turns, TurnSettings settings)
{
    /// <summary>Reads the turns issued on the period's local days and applies the formulas (docs/indicators.md).</summary>
    public async Task<InPersonServiceLevel> ComputeAsync(HttpContext http, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var tenant = TenantFilter.TenantOf(http).Value;
        return InPersonServiceLevel.Compute(await turns.IssuedAsync(tenant, from, to, ct), settings.WaitTargetMinutesOf(tenant));
    }
}
