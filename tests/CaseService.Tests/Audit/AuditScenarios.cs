using System.Text.Json;

namespace Atencion.CaseService.Tests.Audit;

/// <summary>Given steps and reads for the auditor's routes, as scenarios.</summary>
public static class AuditScenarios
{
    /// <summary>A page of the auditor's listing of the cases opened from one day to another, with more of the query if given (it must answer 200).</summary>
    public static async Task<JsonElement> AuditedCases(this Caller auditor, string tenant, DateOnly from, DateOnly to, string more = "") =>
        (await auditor.Scenario(x =>
        {
            x.Get.Url($"/api/{tenant}/audit/cases?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}{more}");
            x.StatusCodeShouldBeOk();
        })).Json();

    /// <summary>Given a checkpoint the auditor took (it must answer 200): its text, as kept outside the service.</summary>
    public static async Task<string> GivenCheckpoint(this Caller auditor, string tenant) =>
        (await auditor.Scenario(x => { x.Get.Url($"/api/{tenant}/audit/checkpoint"); x.StatusCodeShouldBeOk(); })).ReadAsText();

    /// <summary>Presents a checkpoint's text for verification, as a scenario that expects <paramref name="expect"/> (200 when not given).</summary>
    public static Task<IScenarioResult> VerifyCheckpoint(this Caller auditor, string tenant, string checkpoint, Action<Scenario>? expect = null) =>
        auditor.Scenario(x =>
        {
            x.Post.RawJson(checkpoint).ToUrl($"/api/{tenant}/audit/checkpoint/verify");
            if (expect is null) x.StatusCodeShouldBeOk(); else expect(x);
        });
}
