using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Atencion.CaseService.Auth;

/// <summary>
/// The claims every token must carry beyond a valid signature: who (<c>sub</c>), in which role and for which entity; a
/// citizen's chat token also names its case. A signed token that lacks one is refused, so that no event is ever
/// recorded without a real actor.
/// </summary>
public static class TokenClaims
{
    /// <summary>Fails the bearer authentication of a token that lacks a required claim (run from <c>OnTokenValidated</c>).</summary>
    public static Task Require(TokenValidatedContext context)
    {
        var user = context.Principal!;
        var missing = new[] { "sub", "role", "tenant" }.Where(c => string.IsNullOrWhiteSpace(user.FindFirst(c)?.Value)).ToList();
        if (user.FindFirst("role")?.Value == Roles.Citizen && string.IsNullOrWhiteSpace(user.FindFirst(Chat.ChatTokens.CaseClaim)?.Value))
            missing.Add(Chat.ChatTokens.CaseClaim);
        if (missing.Count > 0)
        {
            var refusal = new IncompleteToken($"The bearer token has no {string.Join(", ", missing.Select(c => $"'{c}'"))} claim; every token names its subject, role and entity.");
            // The authentication middleware keeps only a successful result: the refusal is remembered for the answer.
            context.HttpContext.Items[typeof(IncompleteToken)] = refusal;
            context.Fail(refusal);
        }
        return Task.CompletedTask;
    }

    /// <summary>Why the request's bearer token was refused, when it was refused for a missing claim.</summary>
    public static IncompleteToken? RefusalOf(HttpContext http) => http.Items[typeof(IncompleteToken)] as IncompleteToken;

    /// <summary>
    /// Refuses (401) any request that presented a signed token lacking a required claim, whatever the route: on anonymous
    /// routes too, rather than quietly treating the caller as anonymous.
    /// </summary>
    public static async Task RefuseIncomplete(HttpContext http, RequestDelegate next)
    {
        if (RefusalOf(http) is { } refusal)
        {
            await http.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme);
            await AuthorizationProblems.WriteAsync(http, StatusCodes.Status401Unauthorized, "Authentication required.", refusal.Message);
            return;
        }
        await next(http);
    }
}

/// <summary>A signed token that lacks a claim the service requires.</summary>
public sealed class IncompleteToken(string message) : Exception(message);
