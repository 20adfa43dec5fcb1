using System.Net;
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

    /// <summary>Given a PQRSD a citizen filed on the web form (it must answer 201): the filing (radicado, due date, tracking code).</summary>
    public static async Task<Filed> FilePqrsd(this Caller caller, string tenant = Api.Flori, object? form = null)
    {
        var filed = await caller.Scenario(x =>
        {
            x.Post.Json(form ?? Form()).ToUrl($"/api/{tenant}/pqrsd");
            x.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        var body = filed.Json();
        var location = filed.Header("Location");
        return new Filed(body.GetProperty("caseId").GetGuid(), body.GetProperty("radicado").GetString()!,
            body.GetProperty("trackingCode").GetString()!, body, location.Length == 0 ? null : new Uri(location, UriKind.RelativeOrAbsolute));
    }

    /// <summary>The citizen's status page, as a scenario that expects <paramref name="expect"/> (200 when not given).</summary>
    public static Task<IScenarioResult> Status(this Caller caller, string tenant, string radicado, string? code, Action<Scenario>? expect = null) =>
        caller.Scenario(x =>
        {
            x.Get.Url($"/api/{tenant}/pqrsd/{Uri.EscapeDataString(radicado)}" + (code is null ? "" : $"?code={Uri.EscapeDataString(code)}"));
            if (expect is null) x.StatusCodeShouldBeOk(); else expect(x);
        });

    /// <summary>A filing as the form answered it.</summary>
    public sealed record Filed(Guid CaseId, string Radicado, string TrackingCode, JsonElement Body, Uri? Location);
}
