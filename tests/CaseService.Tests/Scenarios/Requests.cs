namespace Atencion.CaseService.Tests.Scenarios;

/// <summary>The two requests most scenarios send: a JSON body (serialized from an object, or written as raw text) posted to a URL.</summary>
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
}
