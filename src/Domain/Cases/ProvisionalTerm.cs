using Atencion.Domain.Calendar;

namespace Atencion.Domain.Cases;

/// <summary>
/// The term that runs for a case not yet classified. The law's general term (Ley 1755 de 2015, art. 14: 15 business days
/// from the legal receipt date; the rule in force on the receipt date, and the entity's shorter term for petitions, if any)
/// runs from receipt whatever staff do, so a case opened without a type — an inbound email, an offline chat, a phone or
/// in-person contact registered unclassified — gets that due date at once, recorded on <see cref="CaseOpened"/>. The deadline
/// sweep warns and breaches on it like on any other; classifying the case replaces it with the type's own term; a live chat
/// does not run it while it is live (it is attended as it happens), nor does an orientation. A live chat that ends without
/// an answer — the citizen left or went silent — leaves the petition pending, so the general term runs again, counted from
/// the same receipt.
/// </summary>
public static class ProvisionalTerm
{
    /// <summary>The type whose term is the general one.</summary>
    public const PqrsdType GeneralType = PqrsdType.Petition;

    /// <summary>
    /// Whether closing a live chat this way puts the case back on the general term: the citizen left or went silent, the case
    /// is still unclassified and has no due date. A chat closed as answered needs no term; one ended for the citizen's
    /// conduct is a disrespectful request the entity may reject (art. 19).
    /// </summary>
    public static bool ResumesAfter(Chat.ChatClosed closed, PqrsdType? type, DateOnly? dueDate) =>
        type is null && dueDate is null && closed.Reason is Chat.ChatCloseReason.Inactivity or Chat.ChatCloseReason.Citizen;

    /// <summary>The due date of the general term for a request received at <paramref name="receivedAt"/>.</summary>
    public static DateOnly DueDate(DateTimeOffset receivedAt, CaseClock clock) =>
        Classify.Classification(GeneralType, null, false, receivedAt, clock).DueDate!.Value;
}
