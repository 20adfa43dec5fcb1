using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Atencion.CaseService.Auth;

/// <summary>How bearer tokens are validated (and, in development, issued): issuer, audience and the HMAC signing key.</summary>
public sealed record TokenSettings(string Issuer, string Audience, SymmetricSecurityKey Key)
{
    /// <summary>Reads Auth:Issuer, Auth:Audience and the key from Auth:SigningKey (base64), Auth:SigningKeyFile or ATENCION_SIGNING_KEY_FILE.</summary>
    public static TokenSettings From(IConfiguration config)
    {
        var issuer = config["Auth:Issuer"] ?? "atencion";
        var audience = config["Auth:Audience"] ?? "atencion";
        var text = config["Auth:SigningKey"];
        var file = config["ATENCION_SIGNING_KEY_FILE"] ?? config["Auth:SigningKeyFile"];
        if (string.IsNullOrWhiteSpace(text) && !string.IsNullOrWhiteSpace(file))
        {
            if (!File.Exists(file)) throw new InvalidOperationException($"The signing key file '{file}' does not exist (ops/run creates one under .data/).");
            text = File.ReadAllText(file).Trim();
        }
        if (string.IsNullOrWhiteSpace(text))
            throw new InvalidOperationException("No token signing key: set Auth:SigningKey (base64) or ATENCION_SIGNING_KEY_FILE. ops/run creates a development key.");
        byte[] bytes;
        try { bytes = Convert.FromBase64String(text); }
        catch (FormatException) { bytes = Encoding.UTF8.GetBytes(text); }
        if (bytes.Length < 32) throw new InvalidOperationException("The token signing key must have at least 32 bytes.");
        return new TokenSettings(issuer, audience, new SymmetricSecurityKey(bytes));
    }
}
