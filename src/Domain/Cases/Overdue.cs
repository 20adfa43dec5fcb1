namespace Atencion.Domain.Cases;

/// <summary>
/// The one definition of "overdue" that the case view, the case list (its rows and its <c>overdue</c> filter), the
/// indicators and the PQRSD statistics all apply (docs/pqrsd.md, "Overdue"). A case is overdue on a day when either:
/// <list type="bullet">
/// <item><b>its answer's term passed</b>: the matter is the entity's competence, the term is running (a due date, and the
/// case open or in progress: not suspended awaiting completion, not answered, not closed) and the day is after the due date;</item>
/// <item><b>its referral term passed</b>: the matter is not the entity's competence, it was not referred, it is neither
/// answered nor closed (a suspension does not stop the referral term) and the day is after the referral due date.</item>
/// </list>
/// The deadline sweep (<see cref="DeadlineCheck"/>) records a breach on exactly the same conditions.
/// </summary>
public static class Overdue
{
    /// <summary>Whether the answer's term runs: the case has a due date and is open or in progress.</summary>
    public static bool TermRunning(CaseStatus status, DateOnly? dueDate) =>
        dueDate is not null && status is CaseStatus.Open or CaseStatus.InProgress;

    /// <summary>Whether the answer's term passed on <paramref name="today"/> without an answer.</summary>
    public static bool Response(CaseStatus status, bool competent, DateOnly? dueDate, DateOnly today) =>
        competent && TermRunning(status, dueDate) && today > dueDate!.Value;

    /// <summary>Whether the referral term of a matter that is not the entity's competence passed on <paramref name="today"/> without the referral.</summary>
    public static bool Referral(CaseStatus status, bool competent, bool referred, DateOnly? referralDueDate, DateOnly today) =>
        !competent && !referred && status is not (CaseStatus.Closed or CaseStatus.Answered) && referralDueDate is { } r && today > r;

    /// <summary>Whether the case is overdue on <paramref name="today"/>: either term passed (see the type's remarks).</summary>
    public static bool Is(CaseStatus status, bool competent, DateOnly? dueDate, bool referred, DateOnly? referralDueDate, DateOnly today) =>
        Response(status, competent, dueDate, today) || Referral(status, competent, referred, referralDueDate, today);

}
