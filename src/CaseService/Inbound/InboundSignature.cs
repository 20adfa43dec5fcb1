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

    /// <summary>Checks what can be checked before reading the body: a secret exists, both headers are there and the timestamp is fresh.</summary>
    /// <returns>The key and timestamp to verify the body with, or why the request is refused.</returns>
    public (byte[]? Key, string? Refusal) Precheck(string tenant, string? timestamp, string? signature)
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

    /// <summary>Whether the signature header matches the HMAC of timestamp + "." + body, compared in constant time.</summary>
    public static bool Matches(byte[] key, string timestamp, string signature, ReadOnlySpan<byte> body)
    {
        var value = signature.Trim();
        if (!value.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase)) return false;
        byte[] given;
        try { given = Convert.FromHexString(value["sha256=".Length..]); }
        catch (FormatException) { return false; }
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp.Trim() + "."));
        hmac.AppendData(body);
        return CryptographicOperations.FixedTimeEquals(hmac.GetHashAndReset(), given);
    }

    /// <summary>The signature header value for a body (what the gateway computes; tests use it too).</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp + "."));
        hmac.AppendData(body);
        return "sha256=" + Convert.ToHexStringLower(hmac.GetHashAndReset());
    }
}
