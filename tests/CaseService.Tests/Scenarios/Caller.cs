using Alba;
using Microsoft.AspNetCore.Http;

namespace Atencion.CaseService.Tests.Scenarios;

/// <summary>
/// Someone calling the API (a staff member with a real token, a citizen with a chat token, or nobody): every request is an
/// Alba scenario on the fixture's host, with this caller's credentials and language.
/// </summary>
/// <example>
/// <code>
/// var advisor = f.As(Api.Flori, "advisor");
/// await advisor.Scenario(x =>
/// {
///     x.Post.Json(Api.NewCase()).ToUrl($"/api/{Api.Flori}/cases");
///     x.StatusCodeShouldBe(201);
/// });
/// </code>
/// </example>
public sealed class Caller(IAlbaHost host, string? token, string? acceptLanguage)
{
    /// <summary>The host this caller talks to.</summary>
    public IAlbaHost Host => host;

    /// <summary>The caller's bearer token, if any.</summary>
    public string? Token => token;

    /// <summary>The language the caller asks for, if any.</summary>
    public string? Language => acceptLanguage;

    /// <summary>
    /// Runs a request as this caller. Alba fails the scenario on any status outside 2xx unless the scenario names another
    /// (<c>x.StatusCodeShouldBe(201)</c>, <c>x.ProblemShouldBe(422)</c>), and prints the body when it fails.
    /// </summary>
    public Task<IScenarioResult> Scenario(Action<Scenario> configure) => host.Scenario(x =>
    {
        if (token is not null) x.WithBearerToken(token);
        if (acceptLanguage is not null) x.WithRequestHeader("Accept-Language", acceptLanguage);
        configure(x);
        // Alba sets the path as written; Kestrel (and ASP.NET Core's test client) decode percent-escapes first (all but %2F),
        // so an escaped segment reaches the service as it would from a browser.
        x.ConfigureHttpContext(c => c.Request.Path = PathString.FromUriComponent(c.Request.Path.Value ?? "/"));
    });

    /// <summary>The same caller asking for another language (or none: null).</summary>
    public Caller Speaking(string? language) => new(host, token, language);
}
