using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Atencion.CaseService.Inbound;
using Atencion.Domain.Cases;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Inbound;

/// <summary>The service with inbound-email secrets for Floridablanca and Tenjo (Itagüí has none).</summary>
public sealed class InboundFixture() : ServiceFixture(new Dictionary<string, string>
{
    [InboundSignature.SecretKey(Api.Flori)] = InboundApi.FloriSecret,
    [InboundSignature.SecretKey(Api.Tenjo)] = InboundApi.TenjoSecret,
});

/// <summary>What the mail gateway does: sign a parsed email with the entity's secret and post it.</summary>
public static class InboundApi
{
    public const string FloriSecret = "flori-inbound-secret-0123456789abcdef";
    public const string TenjoSecret = "tenjo-inbound-secret-fedcba9876543210";

    public static readonly byte[] Pdf = [.. "%PDF-1.7\n"u8, .. System.Security.Cryptography.RandomNumberGenerator.GetBytes(1500), .. "\n%%EOF"u8];
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. System.Security.Cryptography.RandomNumberGenerator.GetBytes(300)];

    public static string Url(string tenant = Api.Flori) => $"/api/{tenant}/inbound/email";

    /// <summary>A parsed email from a citizen to the entity's general mailbox.</summary>
    public static Dictionary<string, object?> Email(string? messageId = null, string subject = "Solicitud de información",
        string text = "Buenos días, solicito información sobre el estado de mi trámite.", params string[] to) => new()
    {
        ["from"] = "María Pérez <maria.perez@example.com>",
        ["to"] = to.Length == 0 ? new[] { "atencion@personeria.gov.co" } : to,
        ["subject"] = subject,
        ["text"] = text,
        ["html"] = "<p>Buenos días, <script>alert(1)</script></p>",
        ["messageId"] = messageId ?? $"<{Guid.NewGuid():N}@mail.example.com>",
    };

    public static object Attachment(string fileName, byte[] content, string contentType = "application/octet-stream") =>
        new { fileName, contentType, contentBase64 = Convert.ToBase64String(content) };

    /// <summary>Posts the email signed with a secret at an instant (by default the tenant's secret and the service's clock).</summary>
    public static Task<HttpResponseMessage> Deliver(this ServiceFixture f, object email, string tenant = Api.Flori, string? secret = null,
        DateTimeOffset? signedAt = null) =>
        f.DeliverRaw(JsonSerializer.Serialize(email), tenant, secret, signedAt);

    public static Task<HttpResponseMessage> DeliverRaw(this ServiceFixture f, string json, string tenant = Api.Flori, string? secret = null,
        DateTimeOffset? signedAt = null)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var timestamp = (signedAt ?? f.Time.GetUtcNow()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = Post(tenant, body);
        request.Headers.Add(InboundSignature.TimestampHeader, timestamp);
        request.Headers.Add(InboundSignature.SignatureHeader,
            InboundSignature.Sign(secret ?? (tenant == Api.Tenjo ? TenjoSecret : FloriSecret), timestamp, body));
        return f.Anonymous().SendAsync(request);
    }

    /// <summary>A request with whatever headers the test sets.</summary>
    public static HttpRequestMessage Post(string tenant, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpRequestMessage(HttpMethod.Post, Url(tenant)) { Content = content };
    }

    /// <summary>The reply address of a case, as the outbound emails carry it.</summary>
    public static string ReplyAddressOf(this ServiceFixture f, string tenant, Guid caseId) =>
        f.Host.Services.GetRequiredService<ReplyAddress>().For(tenant, caseId);

    public static async Task<long> InboundRowsAsync(this ServiceFixture f)
    {
        await using var conn = new Npgsql.NpgsqlConnection(f.Db.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("select count(*) from atencion.inbound_messages", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
