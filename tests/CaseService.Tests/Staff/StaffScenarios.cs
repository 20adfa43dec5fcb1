using System.Text.Json;

namespace Atencion.CaseService.Tests.Staff;

/// <summary>Given steps and reads for the staff, assignment and case list tests, as scenarios (beside the shared <see cref="StaffApi"/>).</summary>
public static class StaffScenarios
{
    public static string StaffUrl(string tenant, string userId) => $"/api/{tenant}/staff/{userId}";

    public static string PresenceUrl(string tenant) => $"/api/{tenant}/staff/me/presence";

    /// <summary>
    /// A staff registration (the whole record: name, skills, email, supervisor, active) by this caller, as a scenario that
    /// expects <paramref name="expect"/> (200 when not given).
    /// </summary>
    public static Task<IScenarioResult> RegisterStaff(this Caller caller, string tenant, string userId, object registration, Action<Scenario>? expect = null) =>
        caller.Scenario(x =>
        {
            x.Put.Json(registration).ToUrl(StaffUrl(tenant, userId));
            if (expect is null) x.StatusCodeShouldBeOk(); else expect(x);
        });

    /// <summary>Given a staff member an admin registered with this whole record (it must answer 200): the answer.</summary>
    public static async Task<JsonElement> GivenStaffMember(this ServiceFixture f, string tenant, string userId, object registration) =>
        (await f.As(tenant, "admin", "admin").RegisterStaff(tenant, userId, registration)).Json();

    /// <summary>Given a staff member an admin registered with skills, who then marked themselves present.</summary>
    public static async Task GivenPresentStaff(this ServiceFixture f, string tenant, string userId, params string[] skills)
    {
        await f.RegisterStaff(tenant, userId, skills);
        await f.MarkPresent(tenant, userId);
    }

    /// <summary>Given a case filed on a topic (see <see cref="StaffApi.FiledCase"/>) that the advisor assigned by name: its id.</summary>
    public static async Task<Guid> GivenCaseAssignedTo(this ServiceFixture f, string tenant, string? topic, string assignee)
    {
        var id = await f.FiledCase(tenant, topic);
        await f.As(tenant, "advisor", "operadora").Command(tenant, id, "assign", new { assignee });
        return id;
    }

    /// <summary>Given a case the advisor answered by email.</summary>
    public static Task GivenAnswered(this ServiceFixture f, string tenant, Guid id, string text) =>
        f.As(tenant, "advisor", "operadora").Command(tenant, id, "respond", new { text, channel = "email" });

    /// <summary>Whom automatic assignment chose (it must answer 200).</summary>
    public static async Task<string?> AssignedAutomatically(this ServiceFixture f, string tenant, Guid id) =>
        (await f.AssignAutomatically(tenant, id, x => x.StatusCodeShouldBeOk())).Json().GetProperty("assignee").GetString();

    /// <summary>A page of the console's case list as this caller reads it, with a query string (it must answer 200).</summary>
    public static async Task<JsonElement> CasePage(this Caller caller, string tenant, string query = "") =>
        (await caller.Scenario(x =>
        {
            x.Get.Url($"/api/{tenant}/cases{(query.Length > 0 ? "?" + query : "")}");
            x.StatusCodeShouldBeOk();
        })).Json();

    /// <summary>The ids a page of the case list shows, in order.</summary>
    public static IEnumerable<Guid> Ids(this JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid());
}
