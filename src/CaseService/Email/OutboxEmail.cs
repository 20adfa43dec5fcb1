using MimeKit;

namespace Atencion.CaseService.Email;

/// <summary>An email as its outbox row holds it, read by the handler of its <see cref="SendEmail"/> message.</summary>
/// <param name="Tenant">The entity.</param>
/// <param name="EmailId">The email (its Message-ID's local part).</param>
/// <param name="CaseId">The case whose stream records the outcome.</param>
/// <param name="Kind">Why it is sent (kebab-case, as stored).</param>
/// <param name="To">Recipients.</param>
/// <param name="Subject">Subject.</param>
/// <param name="Body">Plain-text body.</param>
/// <param name="ReplyTo">The case's reply address.</param>
/// <param name="Attempts">Failed attempts recorded so far.</param>
public sealed record OutboxEmail(string Tenant, Guid EmailId, Guid CaseId, string Kind, IReadOnlyList<string> To,
    string Subject, string Body, string ReplyTo, int Attempts)
{
    /// <summary>The MIME message: From as configured, Reply-To the case's address, and a Message-ID made from the email id so a resend is recognizable.</summary>
    public MimeMessage ToMime(EmailSettings settings, DateTimeOffset now)
    {
        var from = MailboxAddress.Parse(settings.FromAddress);
        var message = new MimeMessage
        {
            Subject = Subject,
            Date = now,
            MessageId = $"{EmailId:N}@{from.Domain}",
            Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = Body },
        };
        message.From.Add(from);
        message.To.AddRange(To.Select(MailboxAddress.Parse));
        message.ReplyTo.Add(MailboxAddress.Parse(ReplyTo));
        message.Headers.Add("X-Atencion-Case", $"{Tenant}/{CaseId}");
        message.Headers.Add("X-Atencion-Kind", Kind);
        return message;
    }
}
