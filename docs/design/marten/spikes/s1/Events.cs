// "Old" code base: CLR names as they were when events were first written.
namespace Legacy.Events
{
    public sealed record CaseOpened(Guid CaseId, string Subject, string Channel);
    // v1 shape of a note: a single "Text" field, stored under the type name "NoteAdded".
    public sealed record NoteAdded(string Text);
}

// "Current" code base: renamed / moved / reshaped records. Domain stays free of Marten types.
namespace Atencion.Domain.Cases
{
    public sealed record CaseOpenedV2(Guid CaseId, string Subject, string Channel);
    public sealed record CaseAssigned(string Agent);
    // v2 shape of a note: Body + Author; stored under "NoteAdded.v2"; old "NoteAdded" rows are upcast.
    public sealed record CaseNoteAdded(string Body, string Author);
    public sealed record CaseClosed(string Reason);

    /// Plain immutable aggregate folded by static Create / Apply.
    public sealed record CaseView(Guid Id, string Subject, string Channel, string? Agent, int Notes, string? LastNote, bool Closed)
    {
        public static CaseView Create(CaseOpenedV2 e) => new(e.CaseId, e.Subject, e.Channel, null, 0, null, false);
        public static CaseView Apply(CaseAssigned e, CaseView s) => s with { Agent = e.Agent };
        public static CaseView Apply(CaseNoteAdded e, CaseView s) => s with { Notes = s.Notes + 1, LastNote = e.Body + " by " + e.Author };
        public static CaseView Apply(CaseClosed e, CaseView s) => s with { Closed = true };
    }
}

namespace Spike.AttrTest
{
    [Marten.Schema.MartenEvent(Alias = "AttrAliased")]
    public sealed record AttributeAliasedEvent(string X);
}
