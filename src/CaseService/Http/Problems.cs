using System.Text.Json;
using System.Text.RegularExpressions;
using Atencion.Domain.Cases;
using Atencion.Domain.Common;
using Atencion.EventStore;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Atencion.CaseService.Http;

/// <summary>A resource of this tenant that does not exist (or that the caller may not know exists).</summary>
public sealed class ResourceNotFound(string message) : Exception(message);

/// <summary>The caller's If-Match names no strong entity tag equal to the current ETag.</summary>
public sealed class PreconditionFailed(IfMatchCondition ifMatch, long? actual)
    : Exception($"If-Match {ifMatch.Header} does not match the current ETag {(actual is { } v ? Versions.ETagOf(v) : "(none)")}"
        + (ifMatch.OnlyWeak ? " (a weak W/ tag never matches If-Match)" : "")
        + $"; the resource is at version {actual?.ToString() ?? "none"}: reload it and send its ETag as read.")
{
    public long? Actual { get; } = actual;
}

/// <summary>Turns every failure into an RFC 9457 problem details answer with a message a frontend developer can act on.</summary>
public sealed partial class Problems(IProblemDetailsService problems, ILogger<Problems> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, title, detail, extensions) = exception switch
        {
            ValidationFailed v => (400, "The request is not valid.", v.Message, new Dictionary<string, object?> { ["errors"] = v.Errors }),
            BadHttpRequestException b => (b.StatusCode, "The request could not be read.", Explain(b), Errors(b)),
            JsonException j => (400, "The request body is not valid JSON.", j.Message, null),
            ResourceNotFound n => (404, "Not found.", n.Message, null),
            Surveys.SurveyExpired x => (410, "The survey has expired.", x.Message, null),
            Chat.ForbiddenForRole f => (403, "Forbidden.", f.Message, null),
            Domain.Chat.NotFoundInCase n => (404, "Not found.", n.Message, null),
            PreconditionFailed p => (412, "The resource changed.", p.Message, new Dictionary<string, object?> { ["currentVersion"] = p.Actual }),
            _ when StoreConflict.Of(exception) is { } conflict => (409, "Concurrent change.", conflict.Detail, null),
            DocumentRefused d => (d.Status, d.Status == 413 ? "The document is too large." : "The document's kind is not accepted.", d.Message, null),
            InvalidReference u => (422, "A field names something this entity does not know or cannot use.", u.Message,
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [u.Field] = [u.Message] } }),
            TermRuleViolated t => (422, "The legal term rule does not allow this.", t.Message, null),
            RuleViolated r => (409, "Not allowed in the current state.", r.Message, new Dictionary<string, object?> { ["state"] = r.State }),
            _ when StoreOutage.Is(exception) => (503, "The service is temporarily unavailable.",
                "The service cannot reach its database at the moment. A command is recorded whole or not at all, so nothing was left " +
                $"half-written; try again in {StoreOutage.RetryAfter.TotalSeconds:0} seconds (with If-Match, a command that did take effect answers 412).", null),
            _ => (500, "Unexpected error.", "The service failed; the error was logged with this request's trace id.", null),
        };
        // The route's template, not the path: a path can carry a survey token or a radicado's tracking code.
        if (status == 500)
            log.LogError(exception, "Unhandled error on {Method} {Route}", http.Request.Method,
                (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no endpoint)");
        if (status == 503)
            log.LogWarning(exception, "Database unreachable on {Method} {Route}", http.Request.Method,
                (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no endpoint)");
        http.Response.StatusCode = status;
        // The exception handler cleared the response's headers; the correlation id goes back on.
        http.Response.Headers[Actor.CorrelationHeader] = Actor.CorrelationId(http).ToString();
        if (status == 503) http.Response.Headers.RetryAfter = StoreOutage.RetryAfter.TotalSeconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture);
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        foreach (var (k, v) in extensions ?? []) problem.Extensions[k] = v;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static string Explain(BadHttpRequestException b) => b.InnerException switch
    {
        JsonException j => $"The body is not valid JSON for this request ({Path(j)}): {Clean(j.Message)}",
        _ when b.StatusCode == 415 => "Send the body as application/json.",
        _ => b.Message,
    };

    private static Dictionary<string, object?>? Errors(BadHttpRequestException b) =>
        b.InnerException is JsonException { Path: { Length: > 1 } path } j
            ? new() { ["errors"] = new Dictionary<string, string[]> { [path.TrimStart('$', '.')] = [Clean(j.Message)] } }
            : null;

    private static string Path(JsonException j) => string.IsNullOrEmpty(j.Path) || j.Path == "$" ? "the body" : j.Path.TrimStart('$', '.');

    // System.Text.Json appends " Path: … | LineNumber: …" and names CLR types; keep the human part.
    private static string Clean(string message) => TypeNames().Replace(message.Split(" Path: ")[0].Split(" | ")[0], "");

    [GeneratedRegex(@" to (System|Atencion)\.[\w.`\[\]]+")]
    private static partial Regex TypeNames();
}
