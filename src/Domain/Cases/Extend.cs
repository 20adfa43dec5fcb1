using Atencion.Domain.Calendar;
using Atencion.Domain.Common;

namespace Atencion.Domain.Cases;

/// <summary>Extend the term (prórroga): before it expires, once, at most to twice the original term from receipt.</summary>
/// <param name="Reason">The reason told to the citizen.</param>
/// <param name="NewDueDate">The new due date.</param>
public sealed record Extend(string? Reason, DateOnly? NewDueDate)
{
    /// <summary>Decides the extension, or refuses with the rule broken (<see cref="TermRuleViolated"/>).</summary>
    public IReadOnlyList<ICaseEvent> Decide(Case c, CaseClock clock)
    {
        var v = new Validator().Required("reason", Reason, 2_000);
        if (NewDueDate is null) v.Add("newDueDate", "is required (YYYY-MM-DD).");
        v.ThrowIfAny();
        CaseRules.NotClosed(c, "extend the term");
        CaseRules.NotAnswered(c, "extend the term");
        if (c.DueDate is not { } due || c.Type is not { } type || c.LegalReceiptDate is not { } receipt)
            throw new RuleViolated("Only a filed case with a legal term can be extended.", CaseRules.Status(c));
        if (c.Status == CaseStatus.AwaitingCompletion)
            throw new RuleViolated("The term is suspended awaiting completion; it cannot be extended now.", "awaiting-completion");
        if (c.Extended)
            throw new TermRuleViolated("The term was already extended once; Ley 1755 de 2015 (art. 14) allows one extension.");
        if (clock.Today > due)
            throw new TermRuleViolated($"The term expired on {due:yyyy-MM-dd}; an extension must be announced before it expires (Ley 1755 de 2015, art. 14).");
        var max = LegalTerms.MaxExtendedDueDate(clock.Calendar, type, EntityTimeZone.LocalDate(c.ReceivedAt, clock.Zone), receipt)!.Value;
        var wanted = NewDueDate!.Value;
        if (wanted <= due)
            throw new TermRuleViolated($"The new due date must be after the current one ({due:yyyy-MM-dd}).");
        if (wanted > max)
            throw new TermRuleViolated($"The extension may not exceed twice the original term counted from receipt: at most {max:yyyy-MM-dd}.");
        if (!clock.Calendar.IsBusinessDay(wanted))
            throw new TermRuleViolated($"{wanted:yyyy-MM-dd} is not a business day.");
        return [new DeadlineExtended(Reason!.Trim(), due, wanted)];
    }
}

/// <summary>A command that breaks a legal term rule (HTTP 422), with the rule in the message.</summary>
/// <param name="Message">The rule and how it was broken.</param>
public sealed class TermRuleViolated(string Message) : Exception(Message);
