using System.Net.Http.Headers;
using System.Text.Json;

namespace Atencion.CaseService.Tests.Turns;

/// <summary>
/// Scenario steps of the Turns tests beyond <see cref="TurnApi"/>: the kiosk's and the desks' requests with any body and
/// expectation, following a turn, and the set-up the tests repeat (a called turn, an in-person case to serve it with).
/// </summary>
public static class TurnScenarios
{
    /// <summary>Where the kiosk follows a turn.</summary>
    public static string TurnUrl(string tenant, object turnId) => $"/api/{tenant}/turns/{turnId}";

    /// <summary>The kiosk asks for a turn with this body (an object, or raw JSON text), as a scenario that expects <paramref name="expect"/>.</summary>
    public static Task<IScenarioResult> IssueTurn(this ServiceFixture f, object body, string tenant, Action<Scenario> expect) =>
        f.Anonymous().Scenario(x =>
        {
            (body is string json ? x.Post.RawJson(json) : x.Post.Json(body)).ToUrl($"/api/{tenant}/turns");
            expect(x);
        });

    /// <summary>A desk (this caller) asks for the next turn with this body (an object, or raw JSON text), as a scenario that expects <paramref name="expect"/>.</summary>
    public static Task<IScenarioResult> CallNextTurn(this Caller desk, object body, string tenant, Action<Scenario> expect) =>
        desk.Scenario(x =>
        {
            (body is string json ? x.Post.RawJson(json) : x.Post.Json(body)).ToUrl($"/api/{tenant}/turns/next");
            expect(x);
        });

    /// <summary>This caller records that a turn was served with this body (an object, or raw JSON text), as a scenario that expects <paramref name="expect"/>.</summary>
    public static Task<IScenarioResult> ServeTurn(this Caller desk, Guid turnId, object body, string tenant, Action<Scenario> expect) =>
        desk.Scenario(x =>
        {
            (body is string json ? x.Post.RawJson(json) : x.Post.Json(body)).ToUrl($"/api/{tenant}/turns/{turnId}/served");
            expect(x);
        });

    /// <summary>The kiosk reads a turn at its URL; it must answer 200 unless <paramref name="expect"/> says otherwise.</summary>
    public static Task<IScenarioResult> FollowTurn(this ServiceFixture f, string url, Action<Scenario>? expect = null) =>
        f.Anonymous().Scenario(x =>
        {
            x.Get.Url(url);
            if (expect is null) x.StatusCodeShouldBeOk(); else expect(x);
        });

    /// <summary>The turn as the kiosk reads it at its URL (it must answer 200).</summary>
    public static async Task<JsonElement> Turn(this ServiceFixture f, string url) => (await f.FollowTurn(url)).Json();

    /// <summary>Given a turn the kiosk issued and a desk then called (the oldest waiting of its service): the call's answer.</summary>
    public static async Task<JsonElement> GivenCalledTurn(this ServiceFixture f, string service, string desk, string tenant = TurnApi.Faca)
    {
        await f.Issue(service, tenant);
        return await f.CallNext(service, desk, tenant);
    }

    /// <summary>Given turns of a service the kiosk issued one after the other.</summary>
    public static async Task GivenWaitingTurns(this ServiceFixture f, string service, int count, string tenant = TurnApi.Faca)
    {
        for (var i = 0; i < count; i++) await f.Issue(service, tenant);
    }

    /// <summary>Given an in-person case a staff member of the entity opened (the case a desk serves a turn with): its id.</summary>
    public static Task<Guid> GivenInPersonCase(this ServiceFixture f, string tenant = TurnApi.Faca, string user = "ana", object? body = null) =>
        f.As(tenant, "advisor", user).CreateCase(tenant, body ?? Api.NewCase("in-person"));

    /// <summary>The answer's Retry-After as a delay (null when absent or a date), read as HttpClient reads it.</summary>
    public static TimeSpan? RetryAfter(this IScenarioResult result) =>
        RetryConditionHeaderValue.TryParse(result.Header("Retry-After"), out var retry) ? retry.Delta : null;
}
