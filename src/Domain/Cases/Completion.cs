using Atencion.Domain.Calendar;
using Atencion.Domain.Common;

namespace Atencion.Domain.Cases;

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
