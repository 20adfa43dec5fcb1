using Atencion.Domain.Calendar;
using Atencion.Domain.Common;

namespace Atencion.Domain.Cases;

/// <summary>Give the case to a staff member (chosen by staff, or by the load-balancing policy).</summary>
/// <param name="Assignee">The staff member's user id.</param>
/// <param name="Skill">The skill the case needs, if known.</param>
/// <param name="Automatic">Whether the policy chose.</param>
public sealed record Assign(string? Assignee, string? Skill, bool Automatic)
{
    /// <summary>Decides the assignment.</summary>
    public IReadOnlyList<ICaseEvent> Decide(Case c)
    {
        new Validator().Required("assignee", Assignee, 100).ThrowIfAny();
        CaseRules.NotClosed(c, "assign");
        if (c.Assignee == Assignee!.Trim()) return [];
        return [new CaseAssigned(Assignee!.Trim(), Skill, Automatic)];
    }
}

/// <summary>First-level orientation is exceeded: the case needs another skill.</summary>
/// <param name="Reason">Why.</param>
/// <param name="Skill">The skill needed.</param>
public sealed record Escalate(string? Reason, string? Skill)
{
    /// <summary>Decides the escalation (the caller then reassigns by the new skill).</summary>
    public IReadOnlyList<ICaseEvent> Decide(Case c, IReadOnlyCollection<string> skills)
    {
        var v = new Validator().Required("reason", Reason, 2_000).Required("skill", Skill, 60);
        if (Skill is not null && !skills.Contains(Skill.Trim())) v.Add("skill", $"'{Skill}' is not one of the entity's skills: {string.Join(", ", skills)}.");
        v.ThrowIfAny();
        CaseRules.NotClosed(c, "escalate");
        CaseRules.NotAnswered(c, "escalate");
        return [new CaseEscalated(Reason!.Trim(), Skill!.Trim())];
    }
}

/// <summary>Not the entity's competence: refer it to the competent entity and close it as referred.</summary>
/// <param name="Entity">The competent entity.</param>
/// <param name="Reason">Why it is theirs.</param>
public sealed record Refer(string? Entity, string? Reason)
{
    /// <summary>Decides the referral; a referral after 5 business days from receipt is accepted but marked late.</summary>
    public IReadOnlyList<ICaseEvent> Decide(Case c, CaseClock clock)
    {
        new Validator().Required("entity", Entity, 200).Required("reason", Reason, 2_000).ThrowIfAny();
        if (c.Referred) throw new RuleViolated("The case was already referred.", "referred");
        CaseRules.NotClosed(c, "refer");
        CaseRules.NotAnswered(c, "refer");
        var receipt = c.LegalReceiptDate ?? clock.Calendar.LegalReceiptDate(c.ReceivedAt, clock.Zone);
        var due = LegalTerms.ReferralDueDate(clock.Calendar, receipt);
        return [new CaseReferred(Entity!.Trim(), Reason!.Trim(), due, clock.Today > due), new CaseClosed(CloseReason.Referred, null)];
    }
}

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

/// <summary>The petition is incomplete (art. 17): ask for what is missing and suspend the term.</summary>
/// <param name="Missing">What is missing.</param>
public sealed record RequestCompletion(string? Missing)
{
    /// <summary>Business days after filing within which the request may be made.</summary>
    public const int WithinBusinessDays = 10;

    /// <summary>Decides the request.</summary>
    public IReadOnlyList<ICaseEvent> Decide(Case c, CaseClock clock)
    {
        new Validator().Required("missing", Missing, 2_000).ThrowIfAny();
        CaseRules.NotClosed(c, "request completion");
        CaseRules.NotAnswered(c, "request completion");
        if (c.DueDate is not { } due || c.LegalReceiptDate is not { } receipt)
            throw new RuleViolated("Only a filed case with a legal term can be suspended for completion.", CaseRules.Status(c));
        if (c.Status == CaseStatus.AwaitingCompletion)
            throw new RuleViolated("Completion was already requested.", "awaiting-completion");
        // "Dentro de los diez días siguientes a la fecha de radicación": from the filing, not the receipt.
        var filedOn = c.FiledAt is { } filed ? Calendar.EntityTimeZone.LocalDate(filed, clock.Zone) : receipt;
        var limit = clock.Calendar.AddBusinessDays(filedOn, WithinBusinessDays);
        if (clock.Today > limit)
            throw new TermRuleViolated($"Completion must be requested within {WithinBusinessDays} business days of filing (Ley 1755 de 2015, art. 17): by {limit:yyyy-MM-dd}.");
        return [new CompletionRequested(Missing!.Trim(), Math.Max(0, clock.DaysLeft(due)))];
    }
}

/// <summary>The citizen completed the petition: resume the term.</summary>
public static class CompleteRequest
{
    /// <summary>Decides the resumption: the days that were left, counted from the next business day.</summary>
    public static IReadOnlyList<ICaseEvent> Decide(Case c, CaseClock clock)
    {
        if (c.Status != CaseStatus.AwaitingCompletion || c.Suspension is not { } suspension)
            throw new RuleViolated("The case is not awaiting completion.", CaseRules.Status(c));
        var days = Math.Max(1, suspension.DaysLeft);
        return [new CompletionReceived(clock.Calendar.AddBusinessDays(clock.Today, days))];
    }
}

/// <summary>The citizen asks for another month to complete the petition: granted once.</summary>
/// <param name="Reason">The citizen's request, as recorded.</param>
public sealed record ExtendCompletionPeriod(string? Reason)
{
    /// <summary>Decides the extension of the completion period.</summary>
    public IReadOnlyList<ICaseEvent> Decide(Case c)
    {
        new Validator().Required("reason", Reason, 2_000).ThrowIfAny();
        if (c.Status != CaseStatus.AwaitingCompletion)
            throw new RuleViolated("The case is not awaiting completion.", CaseRules.Status(c));
        if (c.CompletionPeriodExtended)
            throw new TermRuleViolated("The month to complete the petition may be extended only once (Ley 1755 de 2015, art. 17).");
        return [new CompletionPeriodExtended(Reason!.Trim())];
    }
}

/// <summary>Issue the final answer.</summary>
/// <param name="Text">The answer.</param>
/// <param name="Channel">How it is sent (email, web, in-person, phone, chat).</param>
public sealed record Respond(string? Text, Channel? Channel)
{
    /// <summary>Decides the answer, measuring it against the due date (extension included).</summary>
    public IReadOnlyList<ICaseEvent> Decide(Case c, CaseClock clock)
    {
        var v = new Validator().Required("text", Text, OpenCase.MaxText);
        if (Channel is null) v.Add("channel", "is required: one of phone, in-person, email, web, chat.");
        v.ThrowIfAny();
        CaseRules.NotClosed(c, "respond");
        CaseRules.NotAnswered(c, "respond");
        if (c.Type is null) throw new RuleViolated("Classify the case before answering it.", CaseRules.Status(c));
        var receipt = c.LegalReceiptDate!.Value;
        var onTime = c.DueDate is not { } due || clock.Today <= due;
        return [new ResponseIssued(Text!.Trim(), Channel!.Value, onTime, clock.Calendar.BusinessDaysBetween(receipt, clock.Today))];
    }
}

/// <summary>Close the case.</summary>
/// <param name="Reason">Why.</param>
/// <param name="Note">An optional explanation.</param>
public sealed record Close(CloseReason? Reason, string? Note)
{
    /// <summary>How long an incomplete petition waits before it may be closed as tacitly withdrawn (art. 17).</summary>
    public static readonly TimeSpan TacitWithdrawalAfter = TimeSpan.FromDays(30);

    /// <summary>Decides the closing.</summary>
    public IReadOnlyList<ICaseEvent> Decide(Case c, CaseClock clock)
    {
        var v = new Validator().Optional("note", Note, 2_000);
        if (Reason is null) v.Add("reason", "is required: one of answered, withdrawn, tacit-withdrawal, duplicate, abandoned, conduct.");
        if (Reason == CloseReason.Referred) v.Add("reason", "use the refer command to refer a case.");
        v.ThrowIfAny();
        CaseRules.NotClosed(c, "close");
        if (Reason == CloseReason.Answered && c.Status != CaseStatus.Answered && c.Type is not PqrsdType.Orientation)
            throw new RuleViolated("The case has no answer yet; respond first.", CaseRules.Status(c));
        var wait = c.CompletionPeriodExtended ? 2 * TacitWithdrawalAfter : TacitWithdrawalAfter;
        if (Reason == CloseReason.TacitWithdrawal && (c.Suspension is not { } s || clock.Now - s.Since < wait))
            throw new RuleViolated(
                $"A case may be closed as tacitly withdrawn only after {(c.CompletionPeriodExtended ? "two months (the month was extended)" : "a month")} awaiting completion (Ley 1755 de 2015, art. 17).",
                CaseRules.Status(c));
        return [new CaseClosed(Reason!.Value, Note?.Trim())];
    }
}

/// <summary>Reopen a closed case.</summary>
/// <param name="Reason">Why.</param>
public sealed record Reopen(string? Reason)
{
    /// <summary>Decides the reopening.</summary>
    public IReadOnlyList<ICaseEvent> Decide(Case c)
    {
        new Validator().Required("reason", Reason, 2_000).ThrowIfAny();
        if (!c.IsClosed) throw new RuleViolated("Only a closed case can be reopened.", CaseRules.Status(c));
        return [new CaseReopened(Reason!.Trim())];
    }
}
