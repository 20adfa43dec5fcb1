namespace Atencion.CaseService.Tests.Scenarios;

/// <summary>Requests many scenarios send: a JSON body (serialized from an object, or written as raw text) posted to a URL, and a browser's preflight.</summary>
public static class Requests
{
    /// <summary>Posts an object as JSON; the scenario expects <paramref name="expect"/> (Alba's any-2xx when not given).</summary>
    public static Task<IScenarioResult> PostJson(this Caller caller, string url, object body, Action<Scenario>? expect = null) =>
        caller.Scenario(x =>
        {
            x.Post.Json(body).ToUrl(url);
            expect?.Invoke(x);
        });

    /// <summary>Posts JSON text exactly as written (malformed or not); the scenario expects <paramref name="expect"/> (any 2xx when not given).</summary>
    public static Task<IScenarioResult> PostRawJson(this Caller caller, string url, string json, Action<Scenario>? expect = null) =>
        caller.Scenario(x =>
        {
            x.Post.RawJson(json).ToUrl(url);
            expect?.Invoke(x);
        });

    /// <summary>A browser's CORS preflight from an origin for a method on a path; whatever its status (the tests that care check it).</summary>
    public static Task<IScenarioResult> Preflight(this Caller caller, string path, string origin, string method = "POST") =>
        caller.Scenario(x =>
        {
            x.Options.Url(path);
            x.WithRequestHeader("Origin", origin);
            x.WithRequestHeader("Access-Control-Request-Method", method);
            x.WithRequestHeader("Access-Control-Request-Headers", "content-type,authorization");
            x.IgnoreStatusCode();
        });
}
