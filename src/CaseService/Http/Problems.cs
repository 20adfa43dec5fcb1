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

/// <summary>The caller's If-Match version is not the current one.</summary>
public sealed class PreconditionFailed(long expected, long? actual)
    : Exception($"The resource is at version {actual?.ToString() ?? "none"}, not {expected} as If-Match says; reload it and try again.")
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
            WrongExpectedVersionException w => (409, "Concurrent change.", $"The case changed while this command ran (now at version {w.Actual}); retry.", null),
            DocumentRefused d => (d.Status, d.Status == 413 ? "The document is too large." : "The document's kind is not accepted.", d.Message, null),
            TermRuleViolated t => (422, "The legal term rule does not allow this.", t.Message, null),
            RuleViolated r => (409, "Not allowed in the current state.", r.Message, new Dictionary<string, object?> { ["state"] = r.State }),
            _ when StoreOutage.Is(exception) => (503, "The service is temporarily unavailable.",
                "The service cannot reach its database at the moment. A command is recorded whole or not at all, so nothing was left " +
                $"half-written; try again in {StoreOutage.RetryAfter.TotalSeconds:0} seconds (with If-Match, a command that did take effect answers 412).", null),
            _ => (500, "Unexpected error.", "The service failed; the error was logged with this request's trace id.", null),
        };
        if (status == 500) log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
        if (status == 503) log.LogWarning(exception, "Database unreachable on {Method} {Path}", http.Request.Method, http.Request.Path);
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
