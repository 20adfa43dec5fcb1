using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Atencion.CaseService.Email;

/// <summary>Sends over SMTP with MailKit: one conversation per message, TLS as configured, authentication when a user is set.</summary>
public sealed class SmtpTransport(EmailSettings settings) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = (int)settings.SmtpTimeout.TotalMilliseconds };
        var security = settings.Tls switch
        {
            SmtpTls.StartTls => SecureSocketOptions.StartTls,
            SmtpTls.Ssl => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.None,
        };
        await client.ConnectAsync(settings.SmtpHost!, settings.SmtpPort, security, ct);
        if (settings.SmtpUser is { } user) await client.AuthenticateAsync(user, settings.SmtpPassword ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
