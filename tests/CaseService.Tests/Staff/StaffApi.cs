using System.Net;
using Atencion.CaseService.Tests.Lifecycle;
using System.Text.Json;

namespace Atencion.CaseService.Tests.Staff;

/// <summary>Scenario steps for staff, presence and assignment, all through the HTTP API.</summary>
public static class StaffApi
{
    /// <summary>The Cámara de Comercio de Facatativá routes topics to technicians and lawyers.</summary>
    public const string Faca = "camara-facatativa";

    /// <summary>Given a staff member an admin registered with skills.</summary>
    public static Task RegisterStaff(this ServiceFixture f, string tenant, string userId, params string[] skills) =>
        f.As(tenant, "admin", "admin").Scenario(x =>
        {
            x.Put.Json(new { name = $"Funcionario {userId}", skills }).ToUrl($"/api/{tenant}/staff/{userId}");
            x.StatusCodeShouldBeOk();
        });

    /// <summary>Given a staff member who marked themselves present (or absent): the answer.</summary>
    public static async Task<JsonElement> MarkPresent(this ServiceFixture f, string tenant, string userId, bool present = true) =>
        (await f.As(tenant, "advisor", userId).Scenario(x =>
        {
            x.Put.Json(new { present }).ToUrl($"/api/{tenant}/staff/me/presence");
            x.StatusCodeShouldBeOk();
        })).Json();

    /// <summary>The staff list a supervisor sees, by user id.</summary>
    public static async Task<Dictionary<string, JsonElement>> StaffList(this ServiceFixture f, string tenant) =>
        (await f.As(tenant, "supervisor", "jefa").Scenario(x => { x.Get.Url($"/api/{tenant}/staff"); x.StatusCodeShouldBeOk(); }))
            .Json().EnumerateArray().ToDictionary(s => s.GetProperty("userId").GetString()!);

    /// <summary>Given a case an advisor registered by phone and classified as a petition on a topic (which files it).</summary>
    public static async Task<Guid> FiledCase(this ServiceFixture f, string tenant, string? topic, bool priority = false)
    {
        var advisor = f.As(tenant, "advisor", "operadora");
        var id = await advisor.CreateCase(tenant);
        await advisor.Do(id, "classify", new { type = "petition", topic, priority }, tenant);
        return id;
    }

    /// <summary>Runs a case command that must answer 200, and returns its answer.</summary>
    public static Task<JsonElement> Command(this Caller caller, string tenant, Guid id, string verb, object body) =>
        caller.Do(id, verb, body, tenant);

    /// <summary>Asks the policy to choose the assignee, as a scenario that expects <paramref name="expect"/> (200 when not given).</summary>
    public static Task<IScenarioResult> AssignAutomatically(this ServiceFixture f, string tenant, Guid id, Action<Scenario>? expect = null) =>
        f.As(tenant, "advisor", "operadora").Command(id, "assign", new { }, tenant, expect: expect ?? (x => x.StatusCodeShouldBeOk()));

    /// <summary>Who has the case, as its view says.</summary>
    public static async Task<string?> AssigneeOf(this ServiceFixture f, string tenant, Guid id) =>
        (await f.As(tenant, "supervisor", "jefa").View(id, tenant)).GetProperty("assignee").GetString();
}
