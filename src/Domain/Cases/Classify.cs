using Atencion.Domain.Calendar;
using Atencion.Domain.Common;

namespace Atencion.Domain.Cases;

/// <summary>Staff type the case as a PQRSD (or retype it): the term is computed from the original receipt.</summary>
/// <param name="Type">The PQRSD type.</param>
/// <param name="Topic">The entity's topic, if any.</param>
/// <param name="Priority">Fundamental rights at risk (art. 20).</param>
/// <param name="Competent">False when the matter belongs to another entity: the 5-business-day referral deadline runs instead of the answer's term.</param>
public sealed record Classify(PqrsdType? Type, string? Topic, bool Priority, bool Competent = true)
{
    /// <summary>Decides the classification; the caller files the case (radicado) when <see cref="NeedsFiling"/> says so.</summary>
    public IReadOnlyList<ICaseEvent> Decide(Case c, CaseClock clock)
    {
        var v = new Validator().Optional("topic", Topic, 100);
        if (Type is null) v.Add("type", "is required.");
        v.ThrowIfAny();
        CaseRules.NotClosed(c, "classify");
        CaseRules.NotAnswered(c, "classify");
        if (c.Radicado is not null && Type == PqrsdType.Orientation)
            throw new RuleViolated($"Case {c.Radicado} is filed; it cannot become an orientation without a radicado.", CaseRules.Status(c));
        var classified = Classification(Type!.Value, Topic?.Trim(), Priority, c.ReceivedAt, clock);
        return [classified with
        {
            DueDate = KeepAddedTime(c, classified, clock),
            Competent = Competent,
            ReferralDueDate = Competent ? null : LegalTerms.ReferralDueDate(clock.Calendar, classified.LegalReceiptDate),
        }];
    }

    // A retyped case keeps the business days an extension or a suspension added to its old term: the new term's
    // due date moves by as many business days as the current due date lies past the old term's.
    private static DateOnly? KeepAddedTime(Case c, CaseClassified retyped, CaseClock clock)
    {
        if (retyped.DueDate is not { } newDue || c.Type is not { } oldType || c.DueDate is not { } current) return retyped.DueDate;
        var oldLegal = Classification(oldType, null, false, c.ReceivedAt, clock).DueDate;
        if (oldLegal is not { } legal || current <= legal) return newDue;
        return clock.Calendar.AddBusinessDays(newDue, clock.Calendar.BusinessDaysBetween(legal, current));
    }

    /// <summary>Whether classifying this case as this type gives it a radicado now.</summary>
    public static bool NeedsFiling(Case c, PqrsdType type) => c.Radicado is null && type != PqrsdType.Orientation;

    /// <summary>The classification of a request received at an instant: legal receipt date, term and due date under the rule of that date.</summary>
    public static CaseClassified Classification(PqrsdType type, string? topic, bool priority, DateTimeOffset receivedAt, CaseClock clock)
    {
        var receipt = clock.Calendar.LegalReceiptDate(receivedAt, clock.Zone);
        var term = LegalTerms.TermFor(type, EntityTimeZone.LocalDate(receivedAt, clock.Zone), clock.TermOverrides);
        return new CaseClassified(type, topic, priority, receipt, term.BusinessDays, term.DueDate(clock.Calendar, receipt), term.Rule);
    }

    /// <summary>The radicado's text: year and a six-digit consecutive, e.g. 2026-000042.</summary>
    public static string Radicado(int year, int consecutive) => $"{year}-{consecutive:000000}";
}
