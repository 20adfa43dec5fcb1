using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Atencion.CaseService.Tests.Public;

/// <summary>What a citizen does on an entity's PQRSD web form and status page.</summary>
public static class PublicApi
{
    public const string Itagui = "personeria-itagui";

    /// <summary>A complete web form.</summary>
    public static object Form(string type = "petition", string name = "Luz Marina Rueda", string email = "luz@example.com",
        string subject = "Derecho de petición", string text = "Solicito copia de mi expediente.") => new
    {
        type,
        dataProcessingConsent = true,
        citizen = new
        {
            name, email, phone = "300 123 4567", idType = "cc", idNumber = "63123456",
            address = "Calle 5 # 8-20", municipality = "Floridablanca", neighbourhood = "Cañaveral",
        },
        subject,
        text,
    };

    /// <summary>Files a form and returns the filing (radicado, due date, tracking code).</summary>
    public static async Task<Filed> FilePqrsd(this HttpClient client, string tenant = Api.Flori, object? form = null)
    {
        var response = await client.PostAsJsonAsync($"/api/{tenant}/pqrsd", form ?? Form());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"expected 201 but got {(int)response.StatusCode}: {text}");
        var body = JsonDocument.Parse(text).RootElement;
        return new Filed(body.GetProperty("caseId").GetGuid(), body.GetProperty("radicado").GetString()!,
            body.GetProperty("trackingCode").GetString()!, body, response.Headers.Location);
    }

    /// <summary>The citizen's status page.</summary>
    public static Task<HttpResponseMessage> Status(this HttpClient client, string tenant, string radicado, string? code) =>
        client.GetAsync($"/api/{tenant}/pqrsd/{Uri.EscapeDataString(radicado)}" + (code is null ? "" : $"?code={Uri.EscapeDataString(code)}"));

    /// <summary>A filing as the form answered it.</summary>
    public sealed record Filed(Guid CaseId, string Radicado, string TrackingCode, JsonElement Body, Uri? Location);
}
