using Atencion.Domain.Common;

namespace Atencion.Domain.Cases;

/// <summary>Staff add an internal note to a case.</summary>
/// <param name="NoteId">The new note's id.</param>
/// <param name="Text">The note.</param>
public sealed record AddNote(Guid NoteId, string? Text)
{
    /// <summary>Decides the note's event, or throws when the text is missing or too long.</summary>
    public IReadOnlyList<ICaseEvent> Decide(Case state)
    {
        new Validator().Required("text", Text, OpenCase.MaxText).ThrowIfAny();
        return [new NoteAdded(NoteId, Text!.Trim())];
    }
}
