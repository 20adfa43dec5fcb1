using Atencion.CaseService.Auth;
using Atencion.CaseService.Http;
using Atencion.CaseService.Http.OpenApi;
using Atencion.Domain.Cases;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atencion.CaseService.Cases;

/// <summary>The attached document's id and the case's new version.</summary>
public sealed record DocumentStored(Guid DocumentId, string ContentType, long Size, string Sha256, long Version);

public static class DocumentsEndpoints
{
    public static RouteGroupBuilder MapDocuments(this RouteGroupBuilder cases)
    {
        cases.MapPost("/{id:guid}/documents", Attach).RequireAuthorization(Roles.WorksCases)
            .DisableAntiforgery() // bearer-token API: no cookies to forge
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Attach a document (multipart field 'file', optional 'description'): PDF, PNG or JPEG by content, at most 10 MB.")
            .ProducesValidationProblem().ProducesProblem(404).ProducesProblem(413).ProducesProblem(415).AcceptsIfMatch().WithETag();
        cases.MapGet("/{id:guid}/documents/{documentId:guid}", Download).RequireAuthorization(Roles.ReadsCases)
            .WithSummary("The document's bytes, with its content type and SHA-256 (X-Content-SHA256).").ProducesProblem(404)
            .Produces<Stream>(200, "application/pdf", "image/png", "image/jpeg");
        return cases;
    }

    public static async Task<Created<DocumentStored>> Attach(Guid id, HttpRequest request, HttpContext http, CaseCommands cases, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            throw new BadHttpRequestException("Send the document as multipart/form-data with a 'file' field.", StatusCodes.Status415UnsupportedMediaType);
        var form = await MultipartForms.ReadAsync(request, ct);
        var file = form.Files.GetFile("file")
            ?? throw new Domain.Common.ValidationFailed(new Dictionary<string, string[]> { ["file"] = ["is required (multipart field 'file')."] });
        if (file.Length > AttachDocument.MaxSize)
            throw new DocumentRefused(413, $"The document has {file.Length} bytes; at most {AttachDocument.MaxSize} (10 MB) are accepted.");
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        var command = new AttachDocument(Guid.CreateVersion7(), file.FileName, buffer.ToArray(), form["description"].FirstOrDefault());
        var tenant = TenantFilter.TenantOf(http);
        var (result, decision) = await cases.HandleAsync(tenant, id, Versions.IfMatch(http.Request), Actor.Metadata(http, "console"),
            async (state, t, c) =>
            {
                var events = command.Decide(state);
                var attached = (DocumentAttached)events[0];
                await DocumentBytes.StoreAsync(t, tenant, id, attached, command.Content.ToArray(), c);
                return new Decision(events);
            }, ct);
        var stored = (DocumentAttached)decision.Events[0];
        Versions.SetETag(http.Response, result.Version);
        return TypedResults.Created($"/api/{tenant}/cases/{id}/documents/{stored.DocumentId}",
            new DocumentStored(stored.DocumentId, stored.ContentType, stored.Size, stored.Sha256, result.Version));
    }

    public static async Task<FileContentHttpResult> Download(Guid id, Guid documentId, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            select file_name, content_type, sha256, content from atencion.documents
            where tenant_id = $1 and case_id = $2 and document_id = $3
            """);
        cmd.Parameters.AddWithValue(TenantFilter.TenantOf(http).Value);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(documentId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) throw new ResourceNotFound($"Case {id} has no document {documentId}.");
        http.Response.Headers["X-Content-SHA256"] = r.GetString(2);
        return TypedResults.File(r.GetFieldValue<byte[]>(3), r.GetString(1), r.GetString(0));
    }
}
