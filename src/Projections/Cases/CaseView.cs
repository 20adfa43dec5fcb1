using Atencion.Domain.Cases;
using Atencion.EventStore;

namespace Atencion.Projections.Cases;

/// <summary>A note as the console shows it.</summary>
public sealed record CaseNote(Guid NoteId, string Text, string? Author, DateTimeOffset At);

/// <summary>What the advisors' console and the citizen's status page read about a case.</summary>
public sealed record CaseView(
    Guid Id,
    string Tenant,
    CaseStatus Status,
    Channel Channel,
    Citizen? Citizen,
    string Subject,
    string Text,
    DateTimeOffset ReceivedAt,
    DateTimeOffset OpenedAt,
    string? OpenedBy,
    IReadOnlyList<CaseNote> Notes,
    DateTimeOffset UpdatedAt,
    long Version)
{
    /// <summary>Folds one event into the view: the same function serves the inline projection and time travel.</summary>
    public static CaseView? Evolve(CaseView? view, RecordedEvent e) => (view, e.Data) switch
    {
        (null, CaseOpened o) => new CaseView(o.CaseId, e.Tenant.Value, CaseStatus.Open, o.Channel, null, o.Subject, o.Text,
            o.ReceivedAt, e.RecordedAt, e.Metadata.UserId, [], e.RecordedAt, e.Version),
        (null, _) => null,
        (_, CitizenIdentified c) => view with { Citizen = c.Citizen, UpdatedAt = e.RecordedAt, Version = e.Version },
        (_, NoteAdded n) => view with
        {
            Notes = [.. view.Notes, new CaseNote(n.NoteId, n.Text, e.Metadata.UserId, e.RecordedAt)],
            UpdatedAt = e.RecordedAt,
            Version = e.Version,
        },
        _ => view with { UpdatedAt = e.RecordedAt, Version = e.Version },
    };

    /// <summary>Folds a stream's events from nothing.</summary>
    public static CaseView? FromEvents(IEnumerable<RecordedEvent> events) => events.Aggregate((CaseView?)null, Evolve);
}
