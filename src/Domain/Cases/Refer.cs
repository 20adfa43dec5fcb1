using Atencion.Domain.Calendar;
using Atencion.Domain.Common;

namespace Atencion.Domain.Cases;

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
