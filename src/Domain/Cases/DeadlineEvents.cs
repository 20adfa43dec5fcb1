namespace Atencion.Domain.Cases;

/// <summary>Which legal deadline a job enforced.</summary>
public enum DeadlineKind
{
    /// <summary>The term to answer the PQRSD (Ley 1755 de 2015, art. 14, extensions included).</summary>
    Response,
    /// <summary>The 5 business days to refer a request that is not the entity's competence (art. 21).</summary>
    Referral,
}

/// <summary>The case's due date is near: the assignee and the entity's supervisors were warned.</summary>
/// <param name="DueDate">The due date warned about.</param>
/// <param name="BusinessDaysLeft">Business days left until it, counted from the day of the warning.</param>
/// <param name="Assignee">Who had the case when warned (notified with the supervisors).</param>
public sealed record DeadlineWarningRaised(DateOnly DueDate, int BusinessDaysLeft, string? Assignee = null) : ICaseEvent;

/// <summary>The day a deadline fell on ended without the answer (or the referral) it required.</summary>
/// <param name="Kind">Which deadline.</param>
/// <param name="DueDate">The last day that was allowed.</param>
/// <param name="Assignee">Who had the case when it was breached.</param>
public sealed record DeadlineBreached(DeadlineKind Kind, DateOnly DueDate, string? Assignee = null) : ICaseEvent;
