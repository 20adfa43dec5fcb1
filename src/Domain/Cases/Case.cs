namespace Atencion.Domain.Cases;

/// <summary>The write model of a case: only what decisions need.</summary>
/// <param name="Id">The case id.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Channel">The channel it was opened on.</param>
/// <param name="ReceivedAt">When the first contact was received.</param>
public sealed record Case(Guid Id, CaseStatus Status, Channel Channel, DateTimeOffset ReceivedAt)
{
    /// <summary>The state right after the case was opened.</summary>
    public static Case Create(CaseOpened opened) => new(opened.CaseId, CaseStatus.Open, opened.Channel, opened.ReceivedAt);

    /// <summary>The state after one more event; identification and notes change nothing a decision reads yet.</summary>
    public Case Apply(ICaseEvent @event) => this;
}
