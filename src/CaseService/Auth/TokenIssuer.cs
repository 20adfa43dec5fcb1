using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Atencion.CaseService.Auth;

/// <summary>Issues bearer tokens signed with the configured key (ops/token, and tests); production tokens come from the entity's issuer.</summary>
public sealed class TokenIssuer(TokenSettings settings, TimeProvider time)
{
    /// <summary>A token for a user of a tenant with one role, valid for <paramref name="lifetime"/> (default 12 hours).</summary>
    public string Issue(string tenant, string role, string userId, TimeSpan? lifetime = null)
    {
        if (!Roles.All.Contains(role)) throw new ArgumentException($"Unknown role '{role}'; one of: {string.Join(", ", Roles.All)}.", nameof(role));
        var now = time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromHours(12)),
            Claims = new Dictionary<string, object> { ["sub"] = userId, ["role"] = role, ["tenant"] = tenant },
            SigningCredentials = new SigningCredentials(settings.Key, SecurityAlgorithms.HmacSha256),
        });
    }
}
