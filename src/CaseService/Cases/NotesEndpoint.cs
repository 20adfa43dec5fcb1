using RequiredAttribute = System.ComponentModel.DataAnnotations.RequiredAttribute;
using Atencion.CaseService.Http;
using Atencion.Domain.Cases;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atencion.CaseService.Cases;

/// <summary>An internal note (up to 20,000 characters).</summary>
public sealed record AddNoteRequest([Required] string? Text);

/// <summary>The note's id and the case's new version.</summary>
public sealed record NoteAddedResponse(Guid NoteId, long Version);

public static class NotesEndpoint
{
    public static async Task<Created<NoteAddedResponse>> Handle(Guid id, AddNoteRequest request, HttpContext http, CaseCommands cases, CancellationToken ct)
    {
        var tenant = TenantFilter.TenantOf(http);
        var command = new AddNote(Guid.CreateVersion7(), request.Text);
        var ifMatch = Versions.IfMatch(http.Request);
        var (result, _) = await cases.HandleAsync(tenant, id, ifMatch, Actor.Metadata(http, "console"), command.Decide, ct);
        Versions.SetETag(http.Response, result.Version);
        return TypedResults.Created($"/api/{tenant}/cases/{id}", new NoteAddedResponse(command.NoteId, result.Version));
    }
}
