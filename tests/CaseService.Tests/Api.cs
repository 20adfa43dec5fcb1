using System.Net;
using System.Net.Http.Json;
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

    public static StringContent Raw(string json, string contentType = "application/json") => new(json, Encoding.UTF8, contentType);

    public static async Task<JsonElement> Body(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>Asserts an RFC 9457 problem details answer with the status, and returns it.</summary>
    public static async Task<JsonElement> AssertProblem(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} but got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

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

    public static long ETag(this HttpResponseMessage response) => long.Parse(response.Headers.ETag!.Tag.Trim('"'));
}
