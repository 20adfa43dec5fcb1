using System.Text.Json;
using Atencion.Domain.Cases;
using Marten.Services.Json.Transformations.SystemTextJson;

namespace Atencion.Projections.Evolution;

/// <summary>Reads a note stored under an earlier name and shape, <c>CaseNoteAdded</c> <c>{"noteId", "body"}</c>, as today's <see cref="NoteAdded"/>.</summary>
/// <remarks>
/// The example of how an event evolves on Marten (issue 14; docs/event-store.md): the old CLR type is gone, its stored
/// name is kept only here, and the payload is read as raw JSON in the stored casing (camelCase). No database of ours
/// holds such rows: the name and shape are the ones a rename of the event and of its <c>body</c> field would leave behind.
/// </remarks>
public sealed class CaseNoteAddedUpcaster : EventUpcaster<NoteAdded>
{
    /// <summary>The stored name this reads; never a name of <see cref="EventCatalog"/>, which writes.</summary>
    public const string OldName = "CaseNoteAdded";

    /// <inheritdoc />
    public override string EventTypeName => OldName;

    /// <inheritdoc />
    protected override NoteAdded Upcast(JsonDocument oldEvent) => new(
        oldEvent.RootElement.GetProperty("noteId").GetGuid(),
        oldEvent.RootElement.GetProperty("body").GetString() ?? "");
}
