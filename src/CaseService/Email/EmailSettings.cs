using Atencion.Domain.Common;

namespace Atencion.CaseService.Email;

/// <summary>How outgoing email leaves the service.</summary>
public enum MailTransportKind
{
    /// <summary>To an SMTP server (relay or submission).</summary>
    Smtp,
    /// <summary>As <c>.eml</c> files in a directory (development, or a relay that watches a pickup directory).</summary>
    Pickup,
}

/// <summary>Transport security of the SMTP connection.</summary>
public enum SmtpTls
{
    /// <summary>Plain text (a relay on loopback or a trusted network).</summary>
    None,
    /// <summary>Upgrade with STARTTLS; refuse a server that does not offer it (port 587).</summary>
    StartTls,
    /// <summary>TLS from the first byte (SMTPS, port 465).</summary>
    Ssl,
}

/// <summary>The <c>Email</c> configuration section (see docs/email.md); <see cref="From(IConfiguration)"/> refuses nonsense with the setting's name.</summary>
/// <param name="Transport">smtp or pickup.</param>
/// <param name="SmtpHost">The SMTP server (required for smtp).</param>
/// <param name="SmtpPort">Its port (default 25 with no TLS, 587 with STARTTLS, 465 with SSL).</param>
/// <param name="Tls">none, starttls or ssl.</param>
/// <param name="SmtpUser">The user to authenticate as, if the server requires it.</param>
/// <param name="SmtpPassword">Its password.</param>
/// <param name="FromAddress">The sender, e.g. <c>Atención al ciudadano &lt;no-responder@entidad.gov.co&gt;</c>.</param>
/// <param name="PickupDirectory">Where the pickup transport writes <c>.eml</c> files.</param>
/// <param name="MaxAttempts">Attempts before an email is given up as failed (at least 1).</param>
/// <param name="SmtpTimeout">How long one SMTP conversation may take.</param>
/// <param name="RetryDelays">The waits after failed attempts when configured (<c>Email:RetryDelaysSeconds</c>, e.g. short ones for a test); otherwise <see cref="RetrySchedule"/>.</param>
/// <param name="Enabled">Whether queued emails become messages to send (<c>Email:Enabled</c>, default true). False keeps them as events and pending outbox rows that nothing sends, ever: a staging copy that must not write to citizens, or a test host.</param>
public sealed record EmailSettings(
    MailTransportKind Transport, string? SmtpHost, int SmtpPort, SmtpTls Tls, string? SmtpUser, string? SmtpPassword,
    string FromAddress, string PickupDirectory, int MaxAttempts, TimeSpan SmtpTimeout, IReadOnlyList<TimeSpan>? RetryDelays = null, bool Enabled = true)
{
    /// <summary>The wait after <paramref name="failedAttempts"/> failed attempts: the configured list (its last entry repeating), else <see cref="RetrySchedule"/>.</summary>
    public TimeSpan RetryDelay(int failedAttempts) => RetryDelays is { Count: > 0 } delays
        ? delays[Math.Clamp(failedAttempts, 1, delays.Count) - 1]
        : RetrySchedule.After(failedAttempts);

    /// <summary>The waits between the <see cref="MaxAttempts"/> attempts, in order: what Wolverine's error policy schedules.</summary>
    public TimeSpan[] RetryDelaysBetweenAttempts() => [.. Enumerable.Range(1, MaxAttempts - 1).Select(RetryDelay)];

    /// <summary>The pickup directory when none is configured (ops/run sets <c>.data/mail</c> explicitly).</summary>
    public const string DefaultPickupDirectory = ".data/mail";

    /// <summary>Reads and checks the <c>Email</c> section; throws <see cref="InvalidOperationException"/> naming each bad setting.</summary>
    public static EmailSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Email");
        var problems = new List<string>();
        var transport = Parse(section["Transport"], MailTransportKind.Pickup, "Email:Transport", "smtp, pickup", problems);
        var tls = Parse(section["Smtp:Tls"], SmtpTls.None, "Email:Smtp:Tls", "none, starttls, ssl", problems);
        var host = section["Smtp:Host"];
        if (transport == MailTransportKind.Smtp && string.IsNullOrWhiteSpace(host)) problems.Add("Email:Smtp:Host is required when Email:Transport is smtp.");
        var port = Int(section["Smtp:Port"], tls switch { SmtpTls.Ssl => 465, SmtpTls.StartTls => 587, _ => 25 }, "Email:Smtp:Port", 1, 65_535, problems);
        var user = section["Smtp:User"];
        var password = section["Smtp:Password"];
        if (!string.IsNullOrEmpty(user) && password is null) problems.Add("Email:Smtp:Password is required when Email:Smtp:User is set.");
        var from = section["From"] ?? "Atención al ciudadano <no-responder@atencion.local>";
        if (!MimeKit.MailboxAddress.TryParse(from, out var sender) || !Validator.IsEmail(sender.Address))
            problems.Add($"Email:From '{from}' is not an email address (e.g. \"Atención al ciudadano <no-responder@entidad.gov.co>\").");
        var attempts = Int(section["MaxAttempts"], RetrySchedule.DefaultMaxAttempts, "Email:MaxAttempts", 1, 100, problems);
        var delays = Delays(section["RetryDelaysSeconds"], problems);
        var enabled = true;
        if (section["Enabled"] is { Length: > 0 } onOff && !bool.TryParse(onOff, out enabled))
            problems.Add($"Email:Enabled '{onOff}' must be true or false.");
        var timeout = Int(section["Smtp:TimeoutSeconds"], 30, "Email:Smtp:TimeoutSeconds", 1, 600, problems);
        var pickup = section["PickupDirectory"] is { Length: > 0 } dir ? dir : DefaultPickupDirectory;
        var mailbox = configuration["Email:ReplyMailbox"];
        if (mailbox is not null && !Validator.IsEmail(mailbox))
            problems.Add($"Email:ReplyMailbox '{mailbox}' is not an email address (e.g. respuestas@entidad.gov.co).");
        if (problems.Count > 0) throw new InvalidOperationException("The Email configuration is not valid: " + string.Join(" ", problems));
        return new EmailSettings(transport, host?.Trim(), port, tls, string.IsNullOrEmpty(user) ? null : user, password, from, pickup, attempts,
            TimeSpan.FromSeconds(timeout), delays, enabled);
    }

    private static T Parse<T>(string? text, T fallback, string name, string allowed, List<string> problems) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (Enum.TryParse<T>(text.Trim(), ignoreCase: true, out var value) && !int.TryParse(text, out _)) return value;
        problems.Add($"{name} '{text}' is not one of: {allowed}.");
        return fallback;
    }

    private static List<TimeSpan>? Delays(string? text, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var delays = new List<TimeSpan>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (double.TryParse(part, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                && seconds is > 0 and <= 86_400)
                delays.Add(TimeSpan.FromSeconds(seconds));
            else
            {
                problems.Add($"Email:RetryDelaysSeconds '{text}' must be a comma-separated list of seconds, each above 0 and at most 86400.");
                return null;
            }
        }
        return delays;
    }

    private static int Int(string? text, int fallback, string name, int min, int max, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (int.TryParse(text, out var value) && value >= min && value <= max) return value;
        problems.Add($"{name} '{text}' must be a whole number from {min} to {max}.");
        return fallback;
    }
}
