using Atencion.CaseService.Cases;
using Atencion.Domain.Cases;
using Atencion.Domain.Cases.Emails;
using Atencion.EventStore;
using Atencion.Projections.Email;
using Atencion.Projections.Entities;
using Wolverine;

namespace Atencion.CaseService.Email;

/// <summary>Wolverine's handler of <see cref="SendEmail"/>: one attempt to send the email, recorded on its case.</summary>
/// <remarks>
/// <para>Idempotent on the email id: an email whose row is no longer pending (its <see cref="EmailDelivered"/> or
/// <see cref="EmailFailed"/> is in the case's stream) is not sent again, and the outcome is appended only while the row is
/// still pending, locked in the append's transaction, so a message delivered twice (a recovered envelope, two nodes)
/// records one outcome.</para>
/// <para>A failed attempt throws <see cref="EmailNotSentException"/>, and Wolverine's error policy
/// (<see cref="EmailMessaging"/>) schedules the next one by <see cref="RetrySchedule"/>. The last attempt appends
/// <see cref="EmailFailed"/> and, in the same transaction, the supervisors' alert (never an alert about a failed alert),
/// then throws as well, so the message ends in Wolverine's dead letters for the operator.</para>
/// <para>Delivery to SMTP is at least once: a crash between the server's acceptance and our commit resends the same
/// Message-ID.</para>
/// </remarks>
public sealed class SendEmailHandler(
    EmailOutbox outbox, IMailTransport transport, EmailSettings settings, CaseCommands commands, EntityRegistry registry,
    CaseEmails emails, ILogger<SendEmailHandler> log)
{
    /// <summary>Handles one delivery of the message; <paramref name="envelope"/> counts the attempts (1 for the first).</summary>
    public async Task Handle(SendEmail message, Envelope envelope, CancellationToken ct)
    {
        if (await outbox.FindAsync(message.Tenant, message.EmailId, ct) is not ({ } email, "pending"))
        {
            log.LogInformation("Email {EmailId} of case {CaseId} ({Tenant}) was already settled; message {MessageId} sends nothing",
                message.EmailId, message.CaseId, message.Tenant, envelope.Id);
            return;
        }
        var attempt = Math.Max(envelope.Attempts, 1);
        try
        {
            await transport.SendAsync(email.ToMime(settings, commands.Now), ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var error = Describe(e);
            log.LogWarning("Email {EmailId} of case {CaseId} ({Tenant}) failed, attempt {Attempt} of {MaxAttempts}: {Error}",
                email.EmailId, email.CaseId, email.Tenant, attempt, settings.MaxAttempts, error);
            if (attempt >= settings.MaxAttempts) await GiveUpAsync(email, attempt, error, ct);
            else
            {
                var now = commands.Now;
                await outbox.RecordFailedAttemptAsync(email, attempt, error, now, now + settings.RetryDelay(attempt), ct);
            }
            throw new EmailNotSentException($"Email {email.EmailId} not sent (attempt {attempt}): {error}", e);
        }
        // The server has the message; only now is it recorded, so a crash in between resends it (same Message-ID).
        await commands.HandleAsync(new TenantId(email.Tenant), email.CaseId, null, EventMetadata.System("email"),
            async (_, t, c) => await EmailOutbox.LockPendingAsync(t, email, c) ? new Decision([new EmailDelivered(email.EmailId, attempt)]) : new Decision([]),
            ct);
        log.LogInformation("Email {EmailId} of case {CaseId} ({Tenant}) delivered on attempt {Attempt}", email.EmailId, email.CaseId, email.Tenant, attempt);
    }

    private async Task GiveUpAsync(OutboxEmail email, int attempts, string error, CancellationToken ct)
    {
        var isAlert = email.Kind == EmailOutboxProjection.Wire(EmailKind.DeliveryFailure);
        IReadOnlyList<string> supervisors = isAlert ? [] : await registry.SupervisorsAsync(email.Tenant, ct);
        var entityName = (await registry.FindAsync(email.Tenant, ct))?.Settings.Name ?? email.Tenant;
        var kind = Enum.GetValues<EmailKind>().First(k => EmailOutboxProjection.Wire(k) == email.Kind);
        // The alert is an EmailQueued like any other: appended here, its own SendEmail is enrolled in this transaction.
        await commands.HandleAsync(new TenantId(email.Tenant), email.CaseId, null, EventMetadata.System("email"), async (c, t, token) =>
        {
            if (!await EmailOutbox.LockPendingAsync(t, email, token)) return new Decision([]);
            var alert = emails.DeliveryFailure(email.Tenant, entityName, c, supervisors, kind, email.To, email.Subject, attempts, error);
            return new Decision(alert is null ? [new EmailFailed(email.EmailId, attempts, error)] : [new EmailFailed(email.EmailId, attempts, error), alert]);
        }, ct);
        log.LogError("Email {EmailId} of case {CaseId} ({Tenant}) given up after {Attempts} attempts: {Error}; {Alerted}",
            email.EmailId, email.CaseId, email.Tenant, attempts, error, supervisors.Count > 0 ? "supervisors alerted" : "no supervisor to alert");
    }

    private static string Describe(Exception e)
    {
        var text = e is MailKit.Net.Smtp.SmtpCommandException smtp ? $"{(int)smtp.StatusCode} {smtp.Message}" : $"{e.GetType().Name}: {e.Message}";
        return text.Length <= 1_000 ? text : text[..1_000];
    }
}
