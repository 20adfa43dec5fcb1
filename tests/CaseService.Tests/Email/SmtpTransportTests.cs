using Atencion.CaseService.Email;
using Microsoft.Extensions.Configuration;

namespace Atencion.CaseService.Tests.Email;

/// <summary>The SMTP transport against the loopback server, and the retry schedule's numbers.</summary>
public sealed class SmtpTransportTests : IAsyncLifetime
{
    private readonly LoopbackSmtpServer _smtp = LoopbackSmtpServer.StartNew();

    private EmailSettings Settings(params (string Key, string Value)[] extra) => EmailSettings.From(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Email:Transport"] = "smtp", ["Email:Smtp:Host"] = "127.0.0.1", ["Email:Smtp:Port"] = _smtp.Port.ToString(),
            ["Email:Smtp:TimeoutSeconds"] = "5", ["Email:From"] = "Entidad <no-responder@entidad.test>",
        }.Concat(extra.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value))))
        .Build());

    private static OutboxEmail Email() => new("alcaldia-tenjo", Guid.NewGuid(), Guid.NewGuid(), "response", ["a@example.com", "b@example.com"],
        "[Radicado 2026-000007] Respuesta", "Texto con tilde: petición.\n", "respuestas+x@entidad.test", 0);

    [Fact]
    public async Task A_message_reaches_the_server_with_every_recipient_and_a_message_id_made_from_the_email_id()
    {
        var settings = Settings();
        var email = Email();

        await new SmtpTransport(settings).SendAsync(email.ToMime(settings, DateTimeOffset.UnixEpoch), default);

        var received = Assert.Single(_smtp.Received);
        Assert.Equal(["a@example.com", "b@example.com"], received.Recipients);
        var mime = received.Parse();
        Assert.Equal($"{email.EmailId:N}@entidad.test", mime.MessageId);
        Assert.Equal("alcaldia-tenjo/" + email.CaseId, mime.Headers["X-Atencion-Case"]);
        Assert.Equal("Texto con tilde: petición.", mime.TextBody?.Trim());
    }

    [Fact]
    public async Task Starttls_required_but_not_offered_is_refused_without_sending_in_plain_text()
    {
        var settings = Settings(("Email:Smtp:Tls", "starttls"));

        await Assert.ThrowsAnyAsync<Exception>(() => new SmtpTransport(settings).SendAsync(Email().ToMime(settings, DateTimeOffset.UnixEpoch), default));

        Assert.Empty(_smtp.Received);
    }

    [Fact]
    public async Task A_stopped_server_refuses_connections_and_takes_mail_again_on_the_same_port_after_a_restart()
    {
        var settings = Settings();
        var port = _smtp.Port;
        _smtp.Stop();
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => new SmtpTransport(settings).SendAsync(Email().ToMime(settings, DateTimeOffset.UnixEpoch), default));

        _smtp.Start();
        await new SmtpTransport(settings).SendAsync(Email().ToMime(settings, DateTimeOffset.UnixEpoch), default);

        Assert.Equal(port, _smtp.Port);
        Assert.Single(_smtp.Received);
    }

    [Fact]
    public void Retries_wait_1_3_9_27_81_minutes_then_4_and_8_hours_and_the_ninth_attempt_comes_about_a_day_after_the_first()
    {
        Assert.Equal([1, 3, 9, 27, 81, 240, 480, 480], Enumerable.Range(1, 8).Select(n => RetrySchedule.After(n).TotalMinutes));
        Assert.Equal(TimeSpan.FromHours(8), RetrySchedule.After(20));
        var lastAttempt = Enumerable.Range(1, RetrySchedule.DefaultMaxAttempts - 1).Select(RetrySchedule.After).Aggregate(TimeSpan.Zero, (a, b) => a + b);
        Assert.InRange(lastAttempt, TimeSpan.FromHours(20), TimeSpan.FromHours(26));
        Assert.Equal(9, Settings().MaxAttempts);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _smtp.DisposeAsync();
}
