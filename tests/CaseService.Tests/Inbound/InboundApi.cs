using System.Globalization;
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

    /// <summary>The signing instant as the gateway sends it (unix seconds), by default now on the service's clock.</summary>
    public static string Timestamp(this ServiceFixture f, DateTimeOffset? at = null) =>
        (at ?? f.Time.GetUtcNow()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The email as the gateway serializes it.</summary>
    public static byte[] Bytes(object email) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(email));

    /// <summary>
    /// Posts the email signed with a secret at an instant (by default the tenant's secret and the service's clock), as a
    /// scenario that expects <paramref name="expect"/> (a success when not given).
    /// </summary>
    public static Task<IScenarioResult> Deliver(this ServiceFixture f, object email, string tenant = Api.Flori, string? secret = null,
        DateTimeOffset? signedAt = null, Action<Scenario>? expect = null) =>
        f.DeliverRaw(JsonSerializer.Serialize(email), tenant, secret, signedAt, expect);

    /// <summary>Posts a body (any text) signed like <see cref="Deliver"/>.</summary>
    public static Task<IScenarioResult> DeliverRaw(this ServiceFixture f, string json, string tenant = Api.Flori, string? secret = null,
        DateTimeOffset? signedAt = null, Action<Scenario>? expect = null)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var timestamp = f.Timestamp(signedAt);
        return f.Anonymous().Scenario(x =>
        {
            x.PostToInbound(body, tenant);
            x.SignedWith(secret ?? (tenant == Api.Tenjo ? TenjoSecret : FloriSecret), timestamp, body);
            expect?.Invoke(x);
        });
    }

    /// <summary>Scenario step: posts these bytes to the entity's inbound route as JSON, with no signature (the test adds what it wants).</summary>
    public static SendExpression PostToInbound(this Scenario x, byte[] body, string tenant = Api.Flori) =>
        x.Post.ByteArray(body).ToUrl(Url(tenant)).ContentType("application/json");

    /// <summary>Scenario step: the signature headers as the gateway computes them for this body (or another one).</summary>
    public static void SignedWith(this Scenario x, string secret, string timestamp, byte[] body) =>
        x.Signed(timestamp, InboundSignature.Sign(secret, timestamp, body));

    /// <summary>Scenario step: these signature headers, whatever they say (null leaves one out).</summary>
    public static void Signed(this Scenario x, string? timestamp, string? signature)
    {
        if (timestamp is not null) x.WithRequestHeader(InboundSignature.TimestampHeader, timestamp);
        if (signature is not null) x.WithRequestHeader(InboundSignature.SignatureHeader, signature);
    }

    /// <summary>Given a case an advisor opened through the API, and that advisor.</summary>
    public static async Task<(Caller Advisor, Guid Id)> GivenACase(this ServiceFixture f)
    {
        var advisor = f.As(Api.Flori, "advisor");
        return (advisor, await advisor.CreateCase());
    }

    /// <summary>A citizen's email to the case's reply address.</summary>
    public static Dictionary<string, object?> ReplyTo(this ServiceFixture f, Guid caseId, string tenant = Api.Flori) =>
        Email(to: [f.ReplyAddressOf(tenant, caseId)]);

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
