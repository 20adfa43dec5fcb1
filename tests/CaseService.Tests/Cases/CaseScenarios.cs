using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Atencion.CaseService.Tests.Lifecycle;

namespace Atencion.CaseService.Tests.Cases;

/// <summary>
/// Scenario steps the case tests share: notes, documents, a filed case, and what an auditor reads (history, integrity).
/// Givens must succeed; the other steps run with the expectation the test gives them.
/// </summary>
internal static class CaseScenarios
{
    public static string CaseUrl(Guid id, string tenant = Api.Flori) => $"/api/{tenant}/cases/{id}";

    public static string NotesUrl(Guid id, string tenant = Api.Flori) => $"{CaseUrl(id, tenant)}/notes";

    public static string DocumentsUrl(Guid id, string tenant = Api.Flori) => $"{CaseUrl(id, tenant)}/documents";

    /// <summary>Posts a note as raw JSON, with an If-Match sent exactly as written (malformed or not), expecting <paramref name="expect"/>.</summary>
    public static Task<IScenarioResult> PostNote(this Caller caller, Guid id, string json, string? ifMatch, Action<Scenario> expect) =>
        caller.Scenario(x =>
        {
            x.Post.RawJson(json).ToUrl(NotesUrl(id));
            if (ifMatch is not null) x.WithRequestHeader("If-Match", ifMatch);
            expect(x);
        });

    /// <summary>Given a case an advisor of the entity opened and classified as a petition (which files it): its id and radicado.</summary>
    public static async Task<(Guid Id, string Radicado)> GivenFiledCase(this ServiceFixture f, string tenant)
    {
        var (id, filed) = await f.As(tenant, "advisor").Classified(tenant: tenant);
        return (id, filed.GetProperty("radicado").GetString()!);
    }

    /// <summary>The case's history (optionally with a query such as <c>?asOf=</c>) as this caller reads it; it must answer 200.</summary>
    public static async Task<JsonElement> History(this Caller caller, Guid id, string query = "", string tenant = Api.Flori) =>
        (await caller.Scenario(x =>
        {
            x.Get.Url($"{CaseUrl(id, tenant)}/history{query}");
            x.StatusCodeShouldBeOk();
        })).Json();

    /// <summary>The case's integrity report as this caller reads it; it must answer 200.</summary>
    public static async Task<JsonElement> Integrity(this Caller caller, Guid id, string tenant = Api.Flori) =>
        (await caller.Scenario(x =>
        {
            x.Get.Url($"{CaseUrl(id, tenant)}/integrity");
            x.StatusCodeShouldBeOk();
        })).Json();

    /// <summary>A document upload as the console sends it: the file (with the type the browser declared) and an optional description.</summary>
    public static MultipartFormDataContent DocumentForm(byte[] bytes, string name, string declaredType = "application/octet-stream", string? description = null)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(declaredType);
        var form = new MultipartFormDataContent { { file, "file", name } };
        if (description is not null) form.Add(new StringContent(description), "description");
        return form;
    }

    /// <summary>Posts a multipart form to the case's documents, expecting <paramref name="expect"/>.</summary>
    public static Task<IScenarioResult> Attach(this Caller caller, Guid id, MultipartFormDataContent form, Action<Scenario> expect) =>
        caller.Scenario(x =>
        {
            x.Post.MultipartFormData(form).ToUrl(DocumentsUrl(id));
            expect(x);
        });

    /// <summary>Given a document attached to a case (it must be created): where it is served.</summary>
    public static async Task<string> GivenDocument(this Caller caller, Guid id, byte[] bytes, string name) =>
        (await caller.Attach(id, DocumentForm(bytes, name), x => x.StatusCodeShouldBe(HttpStatusCode.Created))).Header("Location");
}
