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
        var bytes = Hosting.ConfiguredKey.Read(config, "Auth:SigningKey", "ATENCION_SIGNING_KEY_FILE", "Auth:SigningKeyFile", "token signing key");
        return new TokenSettings(issuer, audience, new SymmetricSecurityKey(bytes));
    }
}
