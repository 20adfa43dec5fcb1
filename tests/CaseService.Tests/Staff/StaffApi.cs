using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Atencion.CaseService.Tests.Staff;

/// <summary>Scenario steps for staff, presence and assignment, all through the HTTP API.</summary>
public static class StaffApi
{
    /// <summary>The Cámara de Comercio de Facatativá routes topics to technicians and lawyers.</summary>
    public const string Faca = "camara-facatativa";

    /// <summary>An admin registers a staff member with skills.</summary>
    public static async Task RegisterStaff(this ServiceFixture f, string tenant, string userId, params string[] skills)
    {
        var response = await f.Client(tenant, "admin", "admin").PutAsJsonAsync($"/api/{tenant}/staff/{userId}", new { name = $"Funcionario {userId}", skills });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"register {userId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The staff member marks themselves present (or absent).</summary>
    public static async Task<JsonElement> MarkPresent(this ServiceFixture f, string tenant, string userId, bool present = true)
    {
        var response = await f.Client(tenant, "advisor", userId).PutAsJsonAsync($"/api/{tenant}/staff/me/presence", new { present });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"presence {userId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Body();
    }

    /// <summary>The staff list a supervisor sees, by user id.</summary>
    public static async Task<Dictionary<string, JsonElement>> StaffList(this ServiceFixture f, string tenant)
    {
        var response = await f.Client(tenant, "supervisor", "jefa").GetAsync($"/api/{tenant}/staff");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Body()).EnumerateArray().ToDictionary(s => s.GetProperty("userId").GetString()!);
    }

    /// <summary>An advisor registers a phone contact and classifies it as a petition on a topic (which files it).</summary>
    public static async Task<Guid> FiledCase(this ServiceFixture f, string tenant, string? topic, bool priority = false)
    {
        var advisor = f.Client(tenant, "advisor", "operadora");
        var id = await advisor.CreateCase(tenant);
        await advisor.Command(tenant, id, "classify", new { type = "petition", topic, priority });
        return id;
    }

    /// <summary>Runs a case command that must succeed, and returns its answer.</summary>
    public static async Task<JsonElement> Command(this HttpClient client, string tenant, Guid id, string verb, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/{tenant}/cases/{id}/{verb}", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{verb}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Body();
    }

    /// <summary>Asks the policy to choose the assignee.</summary>
    public static Task<HttpResponseMessage> AssignAutomatically(this ServiceFixture f, string tenant, Guid id) =>
        f.Client(tenant, "advisor", "operadora").PostAsJsonAsync($"/api/{tenant}/cases/{id}/assign", new { });

    /// <summary>Who has the case, as its view says.</summary>
    public static async Task<string?> AssigneeOf(this ServiceFixture f, string tenant, Guid id) =>
        (await (await f.Client(tenant, "supervisor", "jefa").GetAsync($"/api/{tenant}/cases/{id}")).Body()).GetProperty("assignee").GetString();
}
