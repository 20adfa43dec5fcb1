using Atencion.Domain.Cases;
using Atencion.EventStore;

namespace Atencion.Projections.Cases;

/// <summary>An email the citizen sent, as the console shows it: text only (its HTML stays in the event, never rendered).</summary>
/// <param name="MessageId">The Message-ID.</param>
/// <param name="From">The sender's address.</param>
/// <param name="FromName">The sender's display name.</param>
/// <param name="KnownSender">Whether the sender is the email the case's citizen gave (a radicado in a subject can come from anyone).</param>
/// <param name="Subject">The subject.</param>
/// <param name="Text">The plain-text body.</param>
/// <param name="Attachments">The documents that came with it (in <see cref="CaseView.Documents"/>).</param>
/// <param name="At">When it was received.</param>
/// <param name="AfterAnswer">Whether it arrived while the case was answered or closed.</param>
public sealed record ReceivedEmail(
    string MessageId, string From, string? FromName, bool KnownSender, string Subject, string Text, IReadOnlyList<Guid> Attachments,
    DateTimeOffset At, bool AfterAnswer)
{
    /// <summary>
    /// Folds the events that concern received emails: an <see cref="EmailReceived"/> joins the list, and one that arrives while the
    /// case is answered or closed counts in <see cref="CaseView.RepliesAfterAnswer"/> until a new answer or a reopening takes it up.
    /// </summary>
    public static CaseView Evolve(CaseView view, RecordedEvent e) => e.Data switch
    {
        EmailReceived r => view with
        {
            ReceivedEmails = [.. view.ReceivedEmails, new ReceivedEmail(r.MessageId, r.From, r.FromName,
                view.Citizen?.Email is { } email && email.Equals(r.From, StringComparison.OrdinalIgnoreCase),
                r.Subject, r.Text, r.Attachments, e.RecordedAt, IsDone(view))],
            RepliesAfterAnswer = view.RepliesAfterAnswer + (IsDone(view) ? 1 : 0),
        },
        ResponseIssued or CaseReopened => view with { RepliesAfterAnswer = 0 },
        _ => view,
    };

    private static bool IsDone(CaseView view) => view.Status is CaseStatus.Answered or CaseStatus.Closed;
}
