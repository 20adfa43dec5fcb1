using Atencion.CaseService.Cases;
using Atencion.Domain.Cases;
using Atencion.Domain.Cases.Emails;
using Atencion.EventStore;
using Atencion.Projections.Email;
using Atencion.Projections.Entities;

namespace Atencion.CaseService.Email;

/// <summary>Sends the outbox's due emails: claim a batch, hand each to the transport, record the outcome on the case.</summary>
/// <remarks>
/// A scheduled job calls <see cref="RunOnceAsync"/> every few seconds, on every node; claims make each email go to one
/// dispatcher at a time. Success appends <see cref="EmailDelivered"/> (the inline outbox projection marks the row in the
/// same transaction); a failure schedules the next attempt by <see cref="RetrySchedule"/>; the last failure appends
/// <see cref="EmailFailed"/> and queues an alert to the entity's supervisors (never an alert about a failed alert).
/// Delivery to SMTP is at least once: a crash between the server's acceptance and our commit resends the same Message-ID.
/// </remarks>
public sealed class EmailDispatcher(
    EmailOutbox outbox, IMailTransport transport, EmailSettings settings, CaseCommands commands, EntityRegistry registry,
    CaseEmails emails, TimeProvider time, ILogger<EmailDispatcher> log)
{
    private const int MaxBatchesPerRun = 10;

    /// <summary>Sends what is due now, batch after batch while batches come back full (at most 10 batches); returns how many emails it handled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var handled = 0;
        for (var batch = 0; batch < MaxBatchesPerRun; batch++)
        {
            var claim = Guid.NewGuid();
            var now = time.GetUtcNow();
            var due = await outbox.ClaimAsync(claim, now, now + settings.SmtpTimeout * (settings.BatchSize + 1), settings.BatchSize, ct);
            foreach (var email in due) await SendAsync(email, claim, ct);
            handled += due.Count;
            if (due.Count < settings.BatchSize) break;
        }
        return handled;
    }

    private async Task SendAsync(OutboxEmail email, Guid claim, CancellationToken ct)
    {
        var attempt = email.Attempts + 1;
        try
        {
            await transport.SendAsync(email.ToMime(settings, time.GetUtcNow()), ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var error = Describe(e);
            log.LogWarning("Email {EmailId} of case {CaseId} ({Tenant}) failed, attempt {Attempt} of {MaxAttempts}: {Error}",
                email.EmailId, email.CaseId, email.Tenant, attempt, settings.MaxAttempts, error);
            if (attempt >= settings.MaxAttempts) await GiveUpAsync(email, claim, attempt, error, ct);
            else
            {
                var now = time.GetUtcNow();
                await outbox.RecordFailedAttemptAsync(email, claim, error, now, now + RetrySchedule.After(attempt), ct);
            }
            return;
        }
        // The server has the message; only now is it recorded, so a crash in between resends it (same Message-ID).
        await commands.HandleAsync(new TenantId(email.Tenant), email.CaseId, null, EventMetadata.System("email"),
            async (_, t, c) => await EmailOutbox.LockPendingAsync(t, email, null, c) ? new Decision([new EmailDelivered(email.EmailId, attempt)]) : new Decision([]),
            ct);
        log.LogInformation("Email {EmailId} of case {CaseId} ({Tenant}) delivered on attempt {Attempt}", email.EmailId, email.CaseId, email.Tenant, attempt);
    }

    private async Task GiveUpAsync(OutboxEmail email, Guid claim, int attempts, string error, CancellationToken ct)
    {
        var isAlert = email.Kind == EmailOutboxProjection.Wire(EmailKind.DeliveryFailure);
        IReadOnlyList<string> supervisors = isAlert ? [] : await registry.SupervisorsAsync(email.Tenant, ct);
        var entityName = (await registry.FindAsync(email.Tenant, ct))?.Settings.Name ?? email.Tenant;
        var kind = Enum.GetValues<EmailKind>().First(k => EmailOutboxProjection.Wire(k) == email.Kind);
        await commands.HandleAsync(new TenantId(email.Tenant), email.CaseId, null, EventMetadata.System("email"), async (c, t, token) =>
        {
            if (!await EmailOutbox.LockPendingAsync(t, email, claim, token)) return new Decision([]);
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
