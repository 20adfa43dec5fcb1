using Atencion.Domain.Cases.Emails;

namespace Atencion.CaseService.Email;

/// <summary>Registers the email services: settings, composer, transport, the outbox's enrolment of messages, and the start-up check of the configuration.</summary>
public static class EmailServices
{
    /// <summary>Adds the email services; the host refuses to start when the <c>Email</c> section is nonsense.</summary>
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.AddSingleton(sp => EmailSettings.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<CaseEmails>();
        services.AddSingleton<IMailTransport>(sp => sp.GetRequiredService<EmailSettings>() is { Transport: MailTransportKind.Smtp } settings
            ? new SmtpTransport(settings)
            : new PickupDirectoryTransport(sp.GetRequiredService<EmailSettings>()));
        services.AddSingleton<EmailOutbox>();
        services.AddSingleton<EmailMessages>();
        services.AddHostedService<EmailStartupCheck>();
        return services;
    }
}

/// <summary>Reads the email configuration at start-up, so a mistake stops the host with the setting's name instead of failing the first send.</summary>
public sealed class EmailStartupCheck(IServiceProvider services, ILogger<EmailStartupCheck> log) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        var settings = services.GetRequiredService<EmailSettings>();
        var transport = services.GetRequiredService<IMailTransport>();
        log.LogInformation("Email: {Transport} {Where}, from {From}, up to {MaxAttempts} attempts", settings.Transport,
            transport is PickupDirectoryTransport pickup ? pickup.Directory : $"{settings.SmtpHost}:{settings.SmtpPort} ({settings.Tls})",
            settings.FromAddress, settings.MaxAttempts);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
