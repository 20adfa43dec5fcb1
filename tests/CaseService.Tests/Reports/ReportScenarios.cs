namespace Atencion.CaseService.Tests.Reports;

/// <summary>The reports tests' requests as scenarios: reading a report in a format.</summary>
internal static class ReportScenarios
{
    /// <summary>
    /// Reads a route of a tenant's API (<paramref name="url"/> is relative to <c>/api/{tenant}/</c>) asking for a format
    /// (<paramref name="accept"/>; none at all when null), as a scenario that expects <paramref name="expect"/> (a success when not given).
    /// </summary>
    public static Task<IScenarioResult> Report(this Caller caller, string url, string? accept = null, Action<Scenario>? expect = null, string tenant = Api.Flori) =>
        caller.Scenario(x =>
        {
            x.Get.Url($"/api/{tenant}/{url}");
            if (accept is null) x.RemoveRequestHeader("Accept");
            else x.WithRequestHeader("Accept", accept);
            expect?.Invoke(x);
        });
}
