using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace Atencion.CaseService.Auth;

/// <summary>
/// Answers a refused authorization with a problem that says what would have been accepted: 401 asks for a bearer token,
/// 403 names the roles the route takes and the role the token carries.
/// </summary>
public sealed class AuthorizationProblems : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext http, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Succeeded)
        {
            await fallback.HandleAsync(next, http, policy, result);
            return;
        }
        if (result.Challenged)
        {
            // The scheme's challenge sets WWW-Authenticate (and says why a token was refused); the problem body goes on top.
            await http.ChallengeAsync();
            await WriteAsync(http, StatusCodes.Status401Unauthorized, "Authentication required.",
                TokenClaims.RefusalOf(http)?.Message ?? "Send a valid bearer token (Authorization: Bearer <JWT>) issued for this entity.");
            return;
        }
        await http.ForbidAsync();
        var roles = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().ToList();
        var held = http.User.FindAll(ClaimTypes.Role).Select(c => c.Value).Concat(http.User.FindAll("role").Select(c => c.Value)).Distinct().ToList();
        var detail = roles.Count == 0
            ? "Your token does not allow this."
            : $"This route takes the role{(roles.Count == 1 ? "" : "s")} {string.Join(", ", roles)}; your token's role is {(held.Count == 0 ? "none" : string.Join(", ", held))}.";
        await WriteAsync(http, StatusCodes.Status403Forbidden, "Forbidden.", detail,
            new Dictionary<string, object?> { ["allowedRoles"] = roles });
    }

    /// <summary>Writes a refusal as a problem (the status's challenge or forbid has already set its headers).</summary>
    public static async Task WriteAsync(HttpContext http, int status, string title, string detail, Dictionary<string, object?>? extensions = null)
    {
        http.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        foreach (var (k, v) in extensions ?? []) problem.Extensions[k] = v;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }
}
