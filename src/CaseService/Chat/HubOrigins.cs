using Atencion.Projections.Entities;
using Microsoft.Net.Http.Headers;

namespace Atencion.CaseService.Chat;

/// <summary>
/// Refuses a browser's request to the chat hub or the turn board's hub (negotiate, WebSocket upgrade, SSE, long polling) from an
/// origin the entity does not allow.
/// </summary>
/// <remarks>
/// CORS protects only what a browser sends through fetch: a WebSocket upgrade is never preflighted and its answer is never
/// checked against Access-Control-Allow-Origin, so a page of any origin holding a chat token could open the hub. Browsers
/// always send Origin on an upgrade; a request without one comes from a server-side client and passes on its token alone.
/// The entity is the token's <c>tenant</c> claim and the <c>tenant</c> query (the board's only one, as its screens are anonymous);
/// every one named must allow the origin.
/// </remarks>
public static class HubOrigins
{
    /// <summary>The middleware (after authentication, so the token's tenant is known).</summary>
    public static async Task Refuse(HttpContext http, RequestDelegate next)
    {
        var board = http.Request.Path.StartsWithSegments(Turns.TurnBoardHub.Path);
        if (!(board || http.Request.Path.StartsWithSegments(ChatHub.Path)) || http.Request.Headers[HeaderNames.Origin] is not [{ Length: > 0 } origin]
            || HttpMethods.IsOptions(http.Request.Method))
        {
            await next(http);
            return;
        }
        var tenants = new[] { http.User.FindFirst("tenant")?.Value, http.Request.Query["tenant"].FirstOrDefault() }
            .Where(t => !string.IsNullOrEmpty(t)).Distinct(StringComparer.Ordinal).ToList();
        var origins = http.RequestServices.GetRequiredService<AllowedOrigins>();
        var allowed = tenants.Count > 0;
        foreach (var tenant in tenants)
            allowed &= (await origins.OfAsync(tenant, http.RequestAborted))
                .Contains(origin, StringComparer.OrdinalIgnoreCase);
        if (allowed)
        {
            await next(http);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden, Title = board ? "This origin may not open the turn board hub." : "This origin may not open the chat hub.",
                Detail = tenants.Count == 0
                    ? $"A browser's connection from '{origin}' must name its entity (the chat token's tenant, or ?tenant=)."
                    : $"'{origin}' is not among the allowed origins of {string.Join(", ", tenants)}.",
            },
        });
    }
}
