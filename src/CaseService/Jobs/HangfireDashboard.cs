using Atencion.CaseService.Auth;
using Hangfire;
using Microsoft.Net.Http.Headers;

namespace Atencion.CaseService.Jobs;

/// <summary>Hangfire's dashboard at <c>/hangfire</c>, for the platform operator only, behind the service's bearer tokens.</summary>
/// <remarks>
/// <para>The dashboard is a set of server-rendered pages whose links, forms and polls (<c>POST /hangfire/stats</c> every
/// few seconds) are plain browser requests: none of them carries an <c>Authorization</c> header. So a request to the
/// dashboard that authenticates as an operator with a bearer token — in the header, or, for the first page opened in a
/// browser, in <c>?access_token=</c> (then redirected to the same address without it) — gets the token back in a cookie
/// scoped to <c>/hangfire</c>: HttpOnly, SameSite=Strict (no other site's page can make the browser send it), Secure
/// over HTTPS, expiring with the token. Dashboard requests without the header authenticate with that cookie; every
/// other route ignores it. The token is validated on every request as any bearer token is.</para>
/// <para>Hangfire cannot scope its data to an entity, so the dashboard is for <see cref="Roles.OperatesPlatform"/>
/// only: an entity's supervisor or admin is refused (403), an anonymous caller challenged (401).</para>
/// </remarks>
public static class HangfireDashboard
{
    /// <summary>Where the dashboard is served.</summary>
    public const string Path = "/hangfire";

    /// <summary>The cookie that carries the operator's token on the dashboard's own requests.</summary>
    public const string Cookie = "atencion_hangfire";

    /// <summary>Maps the dashboard behind the operator policy.</summary>
    public static IEndpointConventionBuilder MapHangfireDashboard(this IEndpointRouteBuilder app) =>
        app.MapHangfireDashboardWithAuthorizationPolicy(Roles.OperatesPlatform, Path, new DashboardOptions
        {
            DashboardTitle = "Atención — jobs",
            DisplayStorageConnectionString = false,
            AppPath = null,
        }).ExcludeFromDescription();

    /// <summary>For the bearer handler: the token of a dashboard request that has no Authorization header (its query on a GET, else its cookie).</summary>
    public static string? TokenOf(HttpRequest request)
    {
        if (!request.Path.StartsWithSegments(Path) || request.Headers.Authorization.Count > 0) return null;
        if (HttpMethods.IsGet(request.Method) && request.Query["access_token"] is [{ Length: > 0 } query]) return query;
        return request.Cookies[Cookie] is { Length: > 0 } cookie ? cookie : null;
    }

    /// <summary>After authentication: hands an operator's dashboard token to the browser as the cookie, and drops it from the address.</summary>
    public static Task KeepToken(HttpContext http, RequestDelegate next)
    {
        var request = http.Request;
        if (!request.Path.StartsWithSegments(Path) || !http.User.IsInRole(Roles.Operator)) return next(http);
        var fromQuery = HttpMethods.IsGet(request.Method) && request.Headers.Authorization.Count == 0 && request.Query["access_token"] is [{ Length: > 0 }];
        var token = fromQuery
            ? request.Query["access_token"].ToString()
            : request.Headers.Authorization is [{ } header] && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (token is null) return next(http);
        var expires = long.TryParse(http.User.FindFirst("exp")?.Value, out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : (DateTimeOffset?)null;
        http.Response.Cookies.Append(Cookie, token, new CookieOptions
        {
            Path = Path,
            HttpOnly = true,
            SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict,
            Secure = request.IsHttps,
            Expires = expires,
        });
        if (!fromQuery) return next(http);
        // The token leaves the address bar (and later Referer headers): the browser comes back with the cookie.
        var rest = request.Query.Where(q => q.Key != "access_token").SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"));
        var query = string.Join("&", rest);
        http.Response.StatusCode = StatusCodes.Status303SeeOther;
        http.Response.Headers[HeaderNames.Location] = $"{request.PathBase}{request.Path}{(query.Length > 0 ? "?" + query : "")}";
        http.Response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }
}
