using MimeKit;

namespace Atencion.CaseService.Email;

/// <summary>Hands one message to whatever delivers it; throws when it was not accepted, so the email handler records the failure and Wolverine retries.</summary>
public interface IMailTransport
{
    /// <summary>Sends the message; returns only once the server (or the directory) has accepted it.</summary>
    Task SendAsync(MimeMessage message, CancellationToken ct);
}
