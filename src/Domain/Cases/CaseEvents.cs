using Atencion.Domain.Calendar;

namespace Atencion.Domain.Cases;

/// <summary>Marks the events of a case stream.</summary>
public interface ICaseEvent;

/// <summary>The first contact, on any channel, opened a case.</summary>
/// <param name="CaseId">The case (and its stream) id.</param>
/// <param name="Channel">How the citizen reached the entity.</param>
/// <param name="Subject">A short subject.</param>
/// <param name="Text">What the citizen asked or said.</param>
/// <param name="ReceivedAt">When the contact was received (may be earlier than recording, e.g. a letter).</param>
/// <param name="ProvisionalDueDate">
/// The due date of the general term (<see cref="ProvisionalTerm"/>) that runs until the case is classified; null in events
/// recorded before it existed. A live chat does not run it (the folds drop it on <c>ChatStarted</c> live).
/// </param>
public sealed record CaseOpened(Guid CaseId, Channel Channel, string Subject, string Text, DateTimeOffset ReceivedAt,
    DateOnly? ProvisionalDueDate = null) : ICaseEvent;

/// <summary>The citizen gave (or corrected) who they are.</summary>
/// <param name="Citizen">The citizen's data as given.</param>
public sealed record CitizenIdentified(Citizen Citizen) : ICaseEvent;

/// <summary>Staff added an internal note to the case.</summary>
/// <param name="NoteId">The note's id.</param>
/// <param name="Text">The note.</param>
public sealed record NoteAdded(Guid NoteId, string Text) : ICaseEvent;

/// <summary>The case was typed (or retyped) as a PQRSD, and its legal term computed from the original receipt.</summary>
/// <param name="Type">The PQRSD type.</param>
/// <param name="Topic">The entity's topic (it routes to a skill).</param>
/// <param name="Priority">A petition about fundamental rights at risk (Ley 1755, art. 20): sorted first.</param>
/// <param name="LegalReceiptDate">The receipt date the term counts from (the next business day after a non-working day).</param>
/// <param name="TermBusinessDays">The term in business days, null for orientation.</param>
/// <param name="DueDate">The last day to answer, null for orientation.</param>
/// <param name="Rule">The rule the term comes from (Ley 1755 de 2015, Decreto 491 de 2020, Ley 1581 de 2012).</param>
/// <param name="Competent">False when the matter is not the entity's competence: it must be referred (art. 21).</param>
/// <param name="ReferralDueDate">For a matter that is not its competence, the last day to refer it: 5 business days from receipt.</param>
public sealed record CaseClassified(
    PqrsdType Type, string? Topic, bool Priority, DateOnly LegalReceiptDate, int? TermBusinessDays, DateOnly? DueDate, string Rule,
    bool Competent = true, DateOnly? ReferralDueDate = null) : ICaseEvent;

/// <summary>The case got its radicado: the entity's consecutive filing number of the year.</summary>
/// <param name="Radicado">The number as shown, e.g. 2026-000042.</param>
/// <param name="Year">The filing year.</param>
/// <param name="Consecutive">The consecutive within the year.</param>
/// <param name="TrackingCodeHash">SHA-256 (hex) of the code the citizen uses to look the case up; the code itself is never stored.</param>
public sealed record CaseFiled(string Radicado, int Year, int Consecutive, string TrackingCodeHash) : ICaseEvent;

/// <summary>The case was given to a staff member.</summary>
/// <param name="Assignee">The staff member's user id.</param>
/// <param name="Skill">The skill the case needed, if any.</param>
/// <param name="Automatic">Whether the load-balancing policy chose the assignee.</param>
public sealed record CaseAssigned(string Assignee, string? Skill, bool Automatic) : ICaseEvent;

/// <summary>First-level orientation was exceeded; the case goes to staff with another skill.</summary>
/// <param name="Reason">Why it was escalated.</param>
/// <param name="Skill">The skill it needs now.</param>
public sealed record CaseEscalated(string Reason, string Skill) : ICaseEvent;

/// <summary>Not the entity's competence: referred to the competent one (Ley 1755 de 2015, art. 21) and the citizen told.</summary>
/// <param name="Entity">The competent entity.</param>
/// <param name="Reason">Why it is that entity's competence.</param>
/// <param name="DueDate">The referral's own deadline: 5 business days from receipt.</param>
/// <param name="Late">Whether the referral was made after that deadline.</param>
public sealed record CaseReferred(string Entity, string Reason, DateOnly DueDate, bool Late) : ICaseEvent;

/// <summary>The term was extended (prórroga, art. 14 parágrafo), announced before it expired.</summary>
/// <param name="Reason">The reason given to the citizen.</param>
/// <param name="PreviousDueDate">The due date before the extension.</param>
/// <param name="NewDueDate">The new due date.</param>
public sealed record DeadlineExtended(string Reason, DateOnly PreviousDueDate, DateOnly NewDueDate) : ICaseEvent;

/// <summary>The petition is incomplete (art. 17): the citizen was asked for what is missing and the term is suspended.</summary>
/// <param name="Missing">What the citizen must provide.</param>
/// <param name="BusinessDaysLeft">The business days of the term that were left when it was suspended.</param>
public sealed record CompletionRequested(string Missing, int BusinessDaysLeft) : ICaseEvent;

/// <summary>The citizen completed the petition: the term resumes from the next business day with the days that were left.</summary>
/// <param name="NewDueDate">The resumed due date.</param>
public sealed record CompletionReceived(DateOnly NewDueDate) : ICaseEvent;

/// <summary>The final answer was issued to the citizen.</summary>
/// <param name="Text">The answer.</param>
/// <param name="Channel">How it was sent.</param>
/// <param name="OnTime">Whether it was issued on or before the due date (extension included).</param>
/// <param name="BusinessDays">Business days from the legal receipt date to the answer.</param>
/// <param name="Denied">The answer denies access to the information asked for, with its reasons (Ley 1712 de 2014, art. 25).</param>
public sealed record ResponseIssued(string Text, Channel Channel, bool OnTime, int BusinessDays, bool Denied = false) : ICaseEvent;

/// <summary>The case was closed.</summary>
/// <param name="Reason">Why.</param>
/// <param name="Note">An optional explanation.</param>
public sealed record CaseClosed(CloseReason Reason, string? Note) : ICaseEvent;

/// <summary>A closed case was reopened.</summary>
/// <param name="Reason">Why.</param>
public sealed record CaseReopened(string Reason) : ICaseEvent;

/// <summary>A document (scanned support, the citizen's file) was attached; its bytes are stored beside the log, its SHA-256 here.</summary>
/// <param name="DocumentId">The document's id.</param>
/// <param name="FileName">The name it was uploaded with.</param>
/// <param name="ContentType">application/pdf, image/png or image/jpeg, as detected from its content.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Sha256">Its SHA-256, hex: the content can be proven unchanged.</param>
/// <param name="Description">What it is, if said.</param>
public sealed record DocumentAttached(Guid DocumentId, string FileName, string ContentType, long Size, string Sha256, string? Description) : ICaseEvent;

/// <summary>The case's radicado was annulled, with a written justification (Acuerdo 060 de 2001); the number is never given again.</summary>
/// <param name="Radicado">The annulled number.</param>
/// <param name="Justification">Why.</param>
public sealed record RadicadoAnnulled(string Radicado, string Justification) : ICaseEvent;

/// <summary>At the citizen's request, the month to complete the petition was extended once by another month (art. 17).</summary>
/// <param name="Reason">The citizen's request, as recorded.</param>
public sealed record CompletionPeriodExtended(string Reason) : ICaseEvent;
