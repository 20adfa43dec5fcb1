using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Atencion.CaseService.Http;

/// <summary>
/// Writes a problem as <c>application/problem+json</c> whatever the request accepted. ASP.NET Core's own writer only
/// answers clients that accept JSON, so a spreadsheet export asked for with <c>Accept: text/csv</c> alone got a bare 400
/// with no body; an error is better explained in a format the client did not ask for than not at all. Registered after
/// the default writer, it only answers what that one declines.
/// </summary>
public sealed class ProblemForAnyAccept(IOptions<ProblemDetailsOptions> options, IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Type ??= TypeOf(problem.Status.Value);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        http.Response.ContentType = "application/problem+json";
        await JsonSerializer.SerializeAsync(http.Response.Body, problem, json.Value.SerializerOptions, http.RequestAborted);
    }

    // The same type links ASP.NET Core's own writer gives (its table is internal).
    private static string? TypeOf(int status) => status switch
    {
        429 => "https://tools.ietf.org/html/rfc6585#section-4",
        >= 400 and <= 417 => $"https://tools.ietf.org/html/rfc9110#section-15.5.{status - 399}",
        422 => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        426 => "https://tools.ietf.org/html/rfc9110#section-15.5.22",
        >= 500 and <= 505 => $"https://tools.ietf.org/html/rfc9110#section-15.6.{status - 499}",
        _ => null,
    };
}
