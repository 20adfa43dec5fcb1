using Microsoft.AspNetCore.Diagnostics;

namespace Atencion.CaseService.Http;

/// <summary>Marks a route that citizens call (form, status page, chat, surveys, turns): its problems speak Spanish unless the caller asks for English.</summary>
public sealed class CitizenFacing
{
    /// <summary>The one marker every citizen route carries.</summary>
    public static readonly CitizenFacing Route = new();

    private CitizenFacing() { }
}

/// <summary>Marks routes as <see cref="CitizenFacing"/>.</summary>
public static class CitizenFacingExtensions
{
    /// <summary>The route (or every route of the group) is called by citizens.</summary>
    public static TBuilder CitizenFacing<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(Http.CitizenFacing.Route);
}

/// <summary>
/// The language of a problem's <c>title</c>, <c>detail</c> and <c>errors</c> messages: Spanish on citizen routes and English
/// on staff routes (and for staff tokens on the routes they share with citizens), unless <c>Accept-Language</c> prefers the
/// other one. The texts are written in English where they are
/// raised; the Spanish ones come from <see cref="SpanishProblemTexts"/>. The <c>errors</c> keys are JSON paths in either.
/// </summary>
public static class ProblemLanguage
{
    /// <summary>Spanish.</summary>
    public const string Spanish = "es";

    /// <summary>English.</summary>
    public const string English = "en";

    /// <summary>The language to answer this request's problems in.</summary>
    public static string Of(HttpContext http)
    {
        // The exception handler takes the endpoint off the request before it runs; its feature keeps it.
        var endpoint = http.GetEndpoint() ?? http.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        // Staff share some routes with citizens (a chat's messages): there their token, not the route, says who reads.
        var staff = http.User.Identity?.IsAuthenticated == true && !Chat.ChatTokens.IsCitizen(http.User);
        var fallback = endpoint?.Metadata.GetMetadata<CitizenFacing>() is null || staff ? English : Spanish;
        var accepted = http.Request.GetTypedHeaders().AcceptLanguage;
        // The highest quality first; among equals, the order given (OrderByDescending is stable).
        foreach (var range in accepted.OrderByDescending(r => r.Quality ?? 1))
        {
            if ((range.Quality ?? 1) <= 0) break;
            var tag = range.Value.Value ?? "";
            if (tag == "*") return fallback;
            var primary = tag.Split('-')[0];
            if (primary.Equals(Spanish, StringComparison.OrdinalIgnoreCase)) return Spanish;
            if (primary.Equals(English, StringComparison.OrdinalIgnoreCase)) return English;
        }
        return fallback;
    }

    /// <summary>Puts a problem in the request's language and says which in <c>Content-Language</c> (called for every problem the service writes).</summary>
    public static void Apply(ProblemDetailsContext context)
    {
        var language = Of(context.HttpContext);
        context.HttpContext.Response.Headers.ContentLanguage = language;
        if (language != Spanish) return;

        var problem = context.ProblemDetails;
        IReadOnlyDictionary<string, string[]>? errors = null;
        if (problem is HttpValidationProblemDetails validation)
        {
            foreach (var field in validation.Errors.Keys.ToList())
                validation.Errors[field] = [.. validation.Errors[field].Select(SpanishProblemTexts.Translate)];
            errors = validation.Errors.AsReadOnly();
        }
        else if (problem.Extensions.TryGetValue("errors", out var value) && value is IEnumerable<KeyValuePair<string, string[]>> fields)
        {
            var translated = fields.ToDictionary(e => e.Key, e => e.Value.Select(SpanishProblemTexts.Translate).ToArray());
            problem.Extensions["errors"] = translated;
            errors = translated;
        }
        if (problem.Title is { } title) problem.Title = SpanishProblemTexts.Translate(title);
        if (problem.Detail is { } detail)
            problem.Detail = errors is not null && detail.StartsWith(SpanishProblemTexts.NotValidPrefix, StringComparison.Ordinal)
                ? SpanishProblemTexts.NotValid(errors)
                : SpanishProblemTexts.Translate(detail);
    }
}
