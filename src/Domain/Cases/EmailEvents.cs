namespace Atencion.Domain.Cases;

/// <summary>Why an email is sent.</summary>
public enum EmailKind
{
    /// <summary>The final answer to a PQRSD or to an offline chat.</summary>
    Response,
    /// <summary>The citizen is told their request was referred to the competent entity.</summary>
    Referral,
    /// <summary>Staff are warned that a due date is near.</summary>
    DeadlineWarning,
    /// <summary>The satisfaction survey link.</summary>
    Survey,
    /// <summary>Supervisors are told that an email could not be delivered.</summary>
    DeliveryFailure,
}

/// <summary>An email was queued in the same transaction as the event that causes it; the message enrolled with it sends it.</summary>
/// <param name="EmailId">The email's id (also its Message-ID's local part).</param>
/// <param name="Kind">Why it is sent.</param>
/// <param name="To">Recipients.</param>
/// <param name="Subject">The subject; carries the radicado when the case has one.</param>
/// <param name="Body">Plain-text body.</param>
/// <param name="ReplyTo">The reply address that threads the citizen's reply back to this case.</param>
public sealed record EmailQueued(Guid EmailId, EmailKind Kind, IReadOnlyList<string> To, string Subject, string Body, string ReplyTo) : ICaseEvent;

/// <summary>The SMTP server accepted the email.</summary>
/// <param name="EmailId">The email.</param>
/// <param name="Attempts">Attempts it took.</param>
public sealed record EmailDelivered(Guid EmailId, int Attempts) : ICaseEvent;

/// <summary>Every attempt to send the email failed; supervisors were alerted.</summary>
/// <param name="EmailId">The email.</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="LastError">The last error, as the server or network reported it.</param>
public sealed record EmailFailed(Guid EmailId, int Attempts, string LastError) : ICaseEvent;
