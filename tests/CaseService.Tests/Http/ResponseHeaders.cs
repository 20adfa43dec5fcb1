using System.Net.Http.Headers;

namespace Atencion.CaseService.Tests.Http;

/// <summary>A scenario's response headers read the way an HTTP client reads them.</summary>
public static class ResponseHeaders
{
    /// <summary>The answer's Retry-After (its <c>Delta</c> when it is a number of seconds), or null when there is none.</summary>
    public static RetryConditionHeaderValue? RetryAfter(this IScenarioResult result) =>
        RetryConditionHeaderValue.TryParse(result.Header("Retry-After"), out var value) ? value : null;

    /// <summary>A response header's values joined by commas, or null when the answer does not carry it.</summary>
    public static string? HeaderOrNull(this IScenarioResult result, string name) =>
        result.Context.Response.Headers.TryGetValue(name, out var values) ? string.Join(",", values.ToArray()) : null;
}
