using System.Text.Json.Nodes;

namespace Atencion.CaseService.Tests.Entities;

/// <summary>Scenario steps for an entity's settings: reading them as its admin, and putting a changed copy back.</summary>
internal static class SettingsScenarios
{
    public static string SettingsUrl(string tenant) => $"/api/{tenant}/settings";

    /// <summary>Reads the entity's settings as this caller, expecting <paramref name="expect"/> (a 200 when not given).</summary>
    public static Task<IScenarioResult> ReadSettings(this Caller caller, string tenant, Action<Scenario>? expect = null) =>
        caller.Scenario(x =>
        {
            x.Get.Url(SettingsUrl(tenant));
            if (expect is null) x.StatusCodeShouldBeOk(); else expect(x);
        });

    /// <summary>Given the entity's current settings as its admin reads them (a copy to change) and their version (the ETag).</summary>
    public static async Task<(JsonObject Settings, long Version)> GivenCurrentSettings(this ServiceFixture f, string tenant)
    {
        var read = await f.As(tenant, "admin").ReadSettings(tenant);
        return (JsonNode.Parse(read.ReadAsText())!["settings"]!.AsObject(), read.ETag());
    }

    /// <summary>Puts the settings back as a user with a role, with an If-Match on a version when given, expecting <paramref name="expect"/>.</summary>
    public static Task<IScenarioResult> PutSettings(this ServiceFixture f, string tenant, JsonObject settings, Action<Scenario> expect,
        long? ifMatch = null, string role = "admin", string user = "admin-tenjo") =>
        f.As(tenant, role, user).Scenario(x =>
        {
            x.Put.RawJson(settings.ToJsonString()).ToUrl(SettingsUrl(tenant));
            if (ifMatch is not null) x.WithRequestHeader("If-Match", $"\"{ifMatch}\"");
            expect(x);
        });
}
