using System.Security.Claims;
using Atencion.CaseService.Auth;
using Atencion.CaseService.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Atencion.CaseService.Chat;

/// <summary>Issues and reads the citizen's chat token: a JWT with role citizen, the tenant and the case, good for that case's chat only.</summary>
public sealed class ChatTokens(TokenSettings settings)
{
    /// <summary>The claim that names the case the token is scoped to.</summary>
    public const string CaseClaim = "case";

    /// <summary>How long a chat token lasts.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>A token for the citizen of <paramref name="caseId"/>.</summary>
    /// <remarks>Issued on the system clock, as bearer validation checks lifetimes against it.</remarks>
    public string Issue(string tenant, Guid caseId, string name)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = $"citizen:{caseId}", ["role"] = Roles.Citizen, ["tenant"] = tenant, [CaseClaim] = caseId.ToString(), ["name"] = name,
            },
            SigningCredentials = new SigningCredentials(settings.Key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>Whether the caller is a citizen (and not staff).</summary>
    public static bool IsCitizen(ClaimsPrincipal user) => user.FindFirst("role")?.Value == Roles.Citizen;

    /// <summary>Refuses a citizen's token for any case but its own, with the same 404 as a missing case.</summary>
    public static void RequireCase(HttpContext http, Guid caseId)
    {
        if (IsCitizen(http.User) && http.User.FindFirst(CaseClaim)?.Value != caseId.ToString())
            throw new ResourceNotFound($"There is no chat {caseId} for this caller.");
    }

    /// <summary>Refuses staff on a route that is the citizen's alone.</summary>
    public static void RequireCitizen(HttpContext http, Guid caseId)
    {
        if (!IsCitizen(http.User)) throw new ForbiddenForRole("Only the citizen of the chat answers this.");
        RequireCase(http, caseId);
    }
}

/// <summary>The caller's role may not do this.</summary>
public sealed class ForbiddenForRole(string message) : Exception(message);
