using System.Text.Json;

namespace Atencion.CaseService.Tests.Attention;

/// <summary>Scenario steps of the attention tests: recording a contact as a case, and reading the entity's settings.</summary>
public static class AttentionScenarios
{
    /// <summary>Records a contact (a case) at an entity as this caller, with a body serialized from an object; expects <paramref name="expect"/>.</summary>
    public static Task<IScenarioResult> Record(this Caller staff, string tenant, object body, Action<Scenario> expect) =>
        staff.PostJson($"/api/{tenant}/cases", body, expect);

    /// <summary>Records a contact at an entity as this caller, with a raw JSON body; expects <paramref name="expect"/>.</summary>
    public static Task<IScenarioResult> RecordRaw(this Caller staff, string tenant, string json, Action<Scenario> expect) =>
        staff.PostRawJson($"/api/{tenant}/cases", json, expect);

    /// <summary>The entity's settings as its administrator reads them (any 2xx).</summary>
    public static async Task<JsonElement> EntitySettings(this ServiceFixture f, string tenant) =>
        (await f.As(tenant, "admin", "admin").Scenario(x => x.Get.Url($"/api/{tenant}/settings"))).Json().GetProperty("settings");
}
