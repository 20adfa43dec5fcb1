using Atencion.Domain.Calendar;
using Atencion.Domain.Common;

namespace Atencion.Domain.Cases;

/// <summary>Issue the final answer.</summary>
/// <param name="Text">The answer.</param>
/// <param name="Channel">How it is sent (email, web, in-person, phone, chat).</param>
/// <param name="Denied">The answer denies the information asked for (only for information requests; the text gives the reasons).</param>
public sealed record Respond(string? Text, Channel? Channel, bool Denied = false)
{
    /// <summary>Decides the answer, measuring it against the due date (extension included).</summary>
    public IReadOnlyList<ICaseEvent> Decide(Case c, CaseClock clock)
    {
        var v = new Validator().Required("text", Text, OpenCase.MaxText);
        if (Channel is null) v.Add("channel", "is required: one of phone, in-person, email, web, chat.");
        if (Denied && c.Type is not null and not PqrsdType.InformationRequest)
            v.Add("denied", "applies only to information requests (Ley 1712 de 2014); this case is not one.");
        v.ThrowIfAny();
        CaseRules.NotClosed(c, "respond");
        CaseRules.NotAnswered(c, "respond");
        if (c.Type is null) throw new RuleViolated("Classify the case before answering it.", CaseRules.Status(c));
        var receipt = c.LegalReceiptDate!.Value;
        var onTime = c.DueDate is not { } due || clock.Today <= due;
        return [new ResponseIssued(Text!.Trim(), Channel!.Value, onTime, clock.Calendar.BusinessDaysBetween(receipt, clock.Today), Denied)];
    }
}
