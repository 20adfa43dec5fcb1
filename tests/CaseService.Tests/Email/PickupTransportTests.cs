using Atencion.CaseService.Hosting;
using Microsoft.AspNetCore.Hosting;
using Alba;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Email;

/// <summary>The service configured like ops/run: emails written as .eml files in a directory.</summary>
public sealed class PickupFixture : ServiceFixture
{
    public static readonly string Directory = Path.Combine(Path.GetTempPath(), $"atencion-mail-{Guid.NewGuid():N}");

    public PickupFixture() : base(new Dictionary<string, string> { ["Email:Enabled"] = "true", ["Email:Transport"] = "pickup", ["Email:PickupDirectory"] = Directory }) { }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}

public sealed class PickupTransportTests(PickupFixture f) : IClassFixture<PickupFixture>
{
    [Fact]
    public async Task The_pickup_transport_writes_a_readable_eml_file_named_after_the_email()
    {
        var (id, radicado) = await f.FiledCaseWithEmail("lector@example.com");
        await f.Respond(id, "Puede reclamar su certificado en la oficina de atención.");
        var emailId = Assert.Single(await f.OutboxSettled(id)).EmailId;

        var file = Path.Combine(PickupFixture.Directory, $"{emailId:N}.eml");
        Assert.True(File.Exists(file), $"{file} should exist");
        var text = await File.ReadAllTextAsync(file);
        Assert.Contains("Puede reclamar su certificado en la oficina de atención.", text); // readable as it is, not encoded
        var mime = MimeKit.MimeMessage.Load(file);
        Assert.Equal($"[Radicado {radicado}] Respuesta a su petición", mime.Subject);
        Assert.Equal("lector@example.com", Assert.Single(mime.To.Mailboxes).Address);
        Assert.Equal(f.Host.Services.GetRequiredService<Domain.Cases.ReplyAddress>().For(Api.Flori, id), Assert.Single(mime.ReplyTo.Mailboxes).Address);
        Assert.Equal($"{emailId:N}@atencion.local", mime.MessageId);
        Assert.Empty(System.IO.Directory.GetFiles(PickupFixture.Directory, "*.tmp"));
        Assert.Equal(1, Assert.Single(await f.Events(id, "EmailDelivered")).GetProperty("attempts").GetInt32());
    }

    [Theory]
    [InlineData("Email:Transport", "paloma", "Email:Transport 'paloma' is not one of: smtp, pickup.")]
    [InlineData("Email:Transport", "smtp", "Email:Smtp:Host is required when Email:Transport is smtp.")]
    [InlineData("Email:Smtp:Tls", "tls1.0", "Email:Smtp:Tls 'tls1.0' is not one of: none, starttls, ssl.")]
    [InlineData("Email:Smtp:Port", "70000", "Email:Smtp:Port '70000' must be a whole number from 1 to 65535.")]
    [InlineData("Email:MaxAttempts", "0", "Email:MaxAttempts '0' must be a whole number from 1 to 100.")]
    [InlineData("Email:From", "nadie", "Email:From 'nadie' is not an email address")]
    [InlineData("Email:Smtp:User", "relay", "Email:Smtp:Password is required when Email:Smtp:User is set.")]
    public async Task Nonsense_email_configuration_stops_the_host_at_start_naming_the_setting(string key, string value, string message)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await AlbaHost.For<Program>(web =>
        {
            web.UseSetting("ATENCION_DB", f.Db.AppConnectionString);
            web.UseSetting("ATENCION_DB_ADMIN", f.Db.AdminConnectionString);
            web.UseSetting("Auth:SigningKey", Convert.ToBase64String(new byte[48]));
            web.UseSetting("Integrity:ChainKey", Convert.ToBase64String(new byte[48]));
            web.UseSetting(key, value);
        }));

        Assert.Contains(message, error.Message);
    }
}
