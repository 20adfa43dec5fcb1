using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Atencion.CaseService.Inbound;

/// <summary>
/// Authenticates the mail gateway: an HMAC-SHA256, with the entity's shared secret (<c>Inbound:Secrets:{tenant}</c>), over
/// <c>timestamp + "." + raw body</c>, sent as <c>X-Atencion-Signature: sha256=&lt;hex&gt;</c> with the unix-seconds timestamp in
/// <c>X-Atencion-Timestamp</c>; a timestamp more than five minutes from the service's clock (either way) is refused, so a
/// captured request cannot be replayed later.
/// </summary>
public sealed class InboundSignature(IConfiguration configuration, TimeProvider time)
{
    /// <summary>The header with the signing instant, in unix seconds.</summary>
    public const string TimestampHeader = "X-Atencion-Timestamp";

    /// <summary>The header with <c>sha256=&lt;hex&gt;</c>.</summary>
    public const string SignatureHeader = "X-Atencion-Signature";

    /// <summary>How far the signing instant may be from the service's clock.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>The configuration key of an entity's secret.</summary>
    public static string SecretKey(string tenant) => $"Inbound:Secrets:{tenant}";

    /// <summary>
    /// Checks what can be checked before reading the body: a secret exists, both headers are there, the signature is
    /// <c>sha256=</c> and 64 hex digits, and the timestamp is fresh.
    /// </summary>
    /// <returns>The key and the HMAC the body must have, or why the request is refused.</returns>
    public (byte[]? Key, byte[]? Expected, string? Refusal) Precheck(string tenant, string? timestamp, string? signature)
    {
        var (key, refusal) = PrecheckHeaders(tenant, timestamp, signature);
        if (key is null) return (null, null, refusal);
        if (Expected(signature!) is not { } expected)
            return (null, null, $"{SignatureHeader} must be sha256= followed by the 64 hex digits of the HMAC-SHA256 of timestamp + \".\" + body.");
        return (key, expected, null);
    }

    private (byte[]? Key, string? Refusal) PrecheckHeaders(string tenant, string? timestamp, string? signature)
    {
        var secret = configuration[SecretKey(tenant)];
        if (string.IsNullOrEmpty(secret))
            return (null, "This entity does not accept inbound email: no signing secret is configured for it.");
        if (string.IsNullOrWhiteSpace(timestamp) || string.IsNullOrWhiteSpace(signature))
            return (null, $"The request is not signed: send {TimestampHeader} (unix seconds) and {SignatureHeader} (sha256=<hex HMAC-SHA256 of timestamp + \".\" + body>).");
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253402300799)
            return (null, $"{TimestampHeader} must be the signing instant in unix seconds.");
        var skew = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (skew.Duration() > Tolerance)
            return (null, $"{TimestampHeader} is more than {Tolerance.TotalMinutes:0} minutes away from the service's clock; sign the request again with the current time.");
        return (Encoding.UTF8.GetBytes(secret), null);
    }

    /// <summary>The HMAC a signature header carries, or null when it is not <c>sha256=</c> and 64 hex digits.</summary>
    public static byte[]? Expected(string signature)
    {
        var value = signature.Trim();
        if (!value.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase) || value.Length != "sha256=".Length + 64) return null;
        try { return Convert.FromHexString(value["sha256=".Length..]); }
        catch (FormatException) { return null; }
    }

    /// <summary>An HMAC over timestamp + "." that the body is appended to as it is read.</summary>
    public static IncrementalHash Start(byte[] key, string timestamp)
    {
        var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp.Trim() + "."));
        return hmac;
    }

    /// <summary>Whether the HMAC of what was appended equals the expected one, compared in constant time.</summary>
    public static bool Matches(IncrementalHash hmac, byte[] expected) =>
        CryptographicOperations.FixedTimeEquals(hmac.GetHashAndReset(), expected);

    /// <summary>The signature header value for a body (what the gateway computes; tests use it too).</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp + "."));
        hmac.AppendData(body);
        return "sha256=" + Convert.ToHexStringLower(hmac.GetHashAndReset());
    }
}
