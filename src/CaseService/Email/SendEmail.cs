namespace Atencion.CaseService.Email;

/// <summary>The Wolverine message that sends one email of a case: enrolled in the transaction that appended its <c>EmailQueued</c>.</summary>
/// <param name="Tenant">The entity.</param>
/// <param name="CaseId">The case whose stream records the outcome.</param>
/// <param name="EmailId">The email (the key of its outbox row, and its Message-ID's local part): handling is idempotent on it.</param>
public sealed record SendEmail(string Tenant, Guid CaseId, Guid EmailId);

/// <summary>An attempt to send an email failed; Wolverine's error policy schedules the next one (<see cref="RetrySchedule"/>).</summary>
public sealed class EmailNotSentException(string message, Exception inner) : Exception(message, inner);
