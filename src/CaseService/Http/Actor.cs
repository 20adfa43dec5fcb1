using Atencion.EventStore;

namespace Atencion.CaseService.Http;

/// <summary>Builds event metadata from the request: who (token subject and role), through which channel, and the correlation id.</summary>
public static class Actor
{
    /// <summary>The header that carries (or returns) the correlation id.</summary>
    public const string CorrelationHeader = "X-Correlation-Id";

    /// <summary>The metadata of an event caused by this request.</summary>
    public static EventMetadata Metadata(HttpContext http, string channel, string? onBehalfOf = null)
    {
        // An authenticated caller always has a subject (TokenClaims refuses tokens without one); only the anonymous
        // citizen of a public route (the web form, a chat's start) is recorded as "anonymous".
        var user = http.User.Identity?.IsAuthenticated == true
            ? http.User.FindFirst("sub")?.Value ?? throw new InvalidOperationException("An authenticated caller without a subject reached a command.")
            : "anonymous";
        var role = http.User.FindFirst("role")?.Value ?? "citizen";
        return new EventMetadata(user, role, onBehalfOf, channel, CorrelationId(http));
    }

    /// <summary>The request's correlation id: the caller's, when it sent a GUID, else a new one; echoed in the response.</summary>
    public static Guid CorrelationId(HttpContext http)
    {
        if (http.Items["atencion.correlation"] is Guid known) return known;
        var id = Guid.TryParse(http.Request.Headers[CorrelationHeader], out var given) ? given : Guid.NewGuid();
        http.Items["atencion.correlation"] = id;
        http.Response.Headers[CorrelationHeader] = id.ToString();
        return id;
    }
}
