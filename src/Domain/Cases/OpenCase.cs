using Atencion.Domain.Common;

namespace Atencion.Domain.Cases;

/// <summary>Staff register a contact (phone, in person, email …) as a new case.</summary>
/// <param name="CaseId">The new case's id.</param>
/// <param name="Channel">How the citizen reached the entity.</param>
/// <param name="Citizen">Who the citizen is, as far as known.</param>
/// <param name="Subject">A short subject.</param>
/// <param name="Text">What the citizen asked or said.</param>
/// <param name="ReceivedAt">When it was received, if earlier than now (a letter, an email read late).</param>
public sealed record OpenCase(Guid CaseId, Channel Channel, Citizen? Citizen, string? Subject, string? Text, DateTimeOffset? ReceivedAt)
{
    /// <summary>The longest subject accepted.</summary>
    public const int MaxSubject = 300;

    /// <summary>The earliest reception accepted: the 1991 Constitution's right of petition (art. 23).</summary>
    public static readonly DateTimeOffset EarliestReceipt = new(1991, 7, 4, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The longest text accepted.</summary>
    public const int MaxText = 20_000;

    /// <summary>Decides the events that open the case, with the general term's provisional due date, or throws <see cref="ValidationFailed"/>.</summary>
    public IReadOnlyList<ICaseEvent> Decide(CaseClock clock)
    {
        var now = clock.Now;
        var v = new Validator()
            .Required("subject", Subject, MaxSubject)
            .Required("text", Text, MaxText);
        Citizen?.Validate(v, "citizen");
        if (ReceivedAt > now) v.Add("receivedAt", "cannot be in the future.");
        if (ReceivedAt < EarliestReceipt) v.Add("receivedAt", $"cannot be before {EarliestReceipt:yyyy-MM-dd}, when the Constitution of 1991 established the right of petition.");
        v.ThrowIfAny();

        var received = ReceivedAt ?? now;
        var events = new List<ICaseEvent> { new CaseOpened(CaseId, Channel, Subject!.Trim(), Text!.Trim(), received, ProvisionalTerm.DueDate(received, clock)) };
        var citizen = Citizen?.Normalized();
        if (citizen is not null && !citizen.IdentifiesNobody()) events.Add(new CitizenIdentified(citizen));
        return events;
    }
}
