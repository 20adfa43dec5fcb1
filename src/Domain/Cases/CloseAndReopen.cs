using Atencion.Domain.Calendar;
using Atencion.Domain.Common;

namespace Atencion.Domain.Cases;

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
