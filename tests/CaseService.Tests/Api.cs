using System.Net;
using System.Text;
using System.Text.Json;

namespace Atencion.CaseService.Tests;

/// <summary>Small helpers that keep the tests reading like the API.</summary>
public static class Api
{
    public const string Flori = "personeria-floridablanca";
    public const string Tenjo = "alcaldia-tenjo";

    public static readonly JsonSerializerOptions Json = Projections.AtencionJson.Create();

    public static object NewCase(string channel = "phone", string subject = "Derecho de petición", string text = "Solicito información sobre mi proceso.") => new
    {
        channel,
        citizen = new { name = "Luz Marina Rueda", email = "luz@example.com", phone = "300 123 4567", idType = "cc", idNumber = "63123456" },
        subject,
        text,
    };

    /// <summary>A JSON body for the real HttpClients of the tests that talk to Kestrel (the browser and node client tests).</summary>
    public static StringContent Raw(string json, string contentType = "application/json") => new(json, Encoding.UTF8, contentType);

    /// <summary>An answer's JSON body, for those same HttpClients (scenarios read theirs with <c>result.Json()</c>).</summary>
    public static async Task<JsonElement> Body(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>Given a case an advisor registered through the API: its id.</summary>
    public static async Task<Guid> CreateCase(this Caller caller, string tenant = Flori, object? body = null)
    {
        var created = await caller.Scenario(x =>
        {
            x.Post.Json(body ?? NewCase()).ToUrl($"/api/{tenant}/cases");
            x.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        return created.Json().GetProperty("id").GetGuid();
    }

    /// <summary>Given a note this caller added to a case through the API (a 201 unless <paramref name="expect"/> says otherwise).</summary>
    public static Task<IScenarioResult> GivenNote(this Caller caller, Guid id, string text, string tenant = Flori, Action<Scenario>? expect = null) =>
        caller.Scenario(x =>
        {
            x.Post.Json(new { text }).ToUrl($"/api/{tenant}/cases/{id}/notes");
            if (expect is null) x.StatusCodeShouldBe(HttpStatusCode.Created); else expect(x);
        });
}
