using System.Net;
using System.Text.Json;
using Atencion.Domain.Calendar;

namespace Atencion.CaseService.Tests.Lifecycle;

/// <summary>Scenario helpers for the lifecycle verbs: build a case's state through the API, and move the clock forward by Bogotá's days.</summary>
/// <remarks>
/// Tests of one class share the fixture's clock and run one after the other in no promised order, so the clock only moves
/// forward, and each test takes its dates from where the clock stands when it starts.
/// </remarks>
internal static class Lifecycle
{
    /// <summary>The demo entities have no local non-working days: the national calendar is theirs.</summary>
    public static readonly BusinessCalendar Calendar = BusinessCalendar.National;

    public static readonly TimeZoneInfo Bogota = EntityTimeZone.Default;

    public static string CaseUrl(Guid id, string tenant = Api.Flori) => $"/api/{tenant}/cases/{id}";

    /// <summary>The instant of a Bogotá wall-clock hour on a date.</summary>
    public static DateTimeOffset At(DateOnly day, int hour = 9, int minute = 0) => EntityTimeZone.Instant(day, new TimeOnly(hour, minute), Bogota);

    /// <summary>Today in Bogotá by the fixture's clock.</summary>
    public static DateOnly Today(this ServiceFixture f) => EntityTimeZone.LocalDate(f.Time.GetUtcNow(), Bogota);

    /// <summary>Moves the clock forward to an hour of a day; a test that asks to go back is wrong.</summary>
    public static void AdvanceTo(this ServiceFixture f, DateOnly day, int hour = 9)
    {
        var target = At(day, hour);
        var now = f.Time.GetUtcNow();
        Assert.True(target > now, $"the clock only moves forward: it is {now:O}, asked for {target:O}");
        f.Time.Advance(target - now);
    }

    /// <summary>Moves the clock forward to at least an instant (not at all when it is already past it).</summary>
    public static void AdvanceToAtLeast(this ServiceFixture f, DateTimeOffset instant)
    {
        var now = f.Time.GetUtcNow();
        if (instant > now) f.Time.Advance(instant - now);
    }

    /// <summary>Moves the clock to 09:00 of the next business day and returns that day.</summary>
    public static DateOnly NextBusinessMorning(this ServiceFixture f)
    {
        var day = Calendar.NextBusinessDay(f.Today());
        f.AdvanceTo(day);
        return day;
    }

    /// <summary>Moves the clock to 09:00 of the business day <paramref name="businessDays"/> after <paramref name="from"/>, and returns it.</summary>
    public static DateOnly AdvanceBusinessDays(this ServiceFixture f, DateOnly from, int businessDays)
    {
        var day = Calendar.AddBusinessDays(from, businessDays);
        f.AdvanceTo(day);
        return day;
    }

    /// <summary>
    /// Posts a lifecycle verb with a body serialized from an object, as a scenario that expects <paramref name="expect"/>
    /// (a success when not given).
    /// </summary>
    public static Task<IScenarioResult> Command(this Caller caller, Guid id, string verb, object body, string tenant = Api.Flori,
        string? ifMatch = null, Action<Scenario>? expect = null) =>
        caller.Scenario(x =>
        {
            x.Post.Json(body).ToUrl($"{CaseUrl(id, tenant)}/{verb}");
            if (ifMatch is not null) x.WithRequestHeader("If-Match", ifMatch);
            expect?.Invoke(x);
        });

    /// <summary>Posts a lifecycle verb with a raw JSON body, as a scenario that expects <paramref name="expect"/> (a success when not given).</summary>
    public static Task<IScenarioResult> CommandRaw(this Caller caller, Guid id, string verb, string json, string tenant = Api.Flori,
        string? ifMatch = null, Action<Scenario>? expect = null) =>
        caller.Scenario(x =>
        {
            x.Post.RawJson(json).ToUrl($"{CaseUrl(id, tenant)}/{verb}");
            if (ifMatch is not null) x.WithRequestHeader("If-Match", ifMatch);
            expect?.Invoke(x);
        });

    /// <summary>Runs a verb that must answer 200, and returns its body (the command's result).</summary>
    public static async Task<JsonElement> Do(this Caller caller, Guid id, string verb, object body, string tenant = Api.Flori) =>
        (await caller.Command(id, verb, body, tenant, expect: x => x.StatusCodeShouldBeOk())).Json();

    /// <summary>The case as the console reads it now.</summary>
    public static async Task<JsonElement> View(this Caller caller, Guid id, string tenant = Api.Flori) =>
        (await caller.Scenario(x => { x.Get.Url(CaseUrl(id, tenant)); x.StatusCodeShouldBeOk(); })).Json();

    /// <summary>Given a case opened through the API, received now or at <paramref name="receivedAt"/> (sent in UTC: see the skipped defect test in ClassifyTests).</summary>
    public static Task<Guid> Open(this Caller caller, DateTimeOffset? receivedAt = null, string tenant = Api.Flori) =>
        caller.CreateCase(tenant, receivedAt is not null
            ? new { channel = "email", subject = "Derecho de petición", text = "Solicito copia de mi expediente.", receivedAt = receivedAt.Value.ToUniversalTime() }
            // Itagüí records every phone and in-person attention's outcome (requireAttentionOutcome): a competent one here.
            : tenant == Attention.AttentionApi.Itagui ? Attention.AttentionApi.Competent("phone") : Api.NewCase());

    /// <summary>Given a case opened and classified (a petition by default, which files it): its id and the classification's result.</summary>
    public static async Task<(Guid Id, JsonElement Result)> Classified(this Caller caller, string type = "petition", DateTimeOffset? receivedAt = null, string tenant = Api.Flori)
    {
        var id = await caller.Open(receivedAt, tenant);
        return (id, await caller.Do(id, "classify", new { type }, tenant));
    }

    public static string? Str(this JsonElement e, string property) =>
        e.GetProperty(property) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    public static DateOnly? Date(this JsonElement e, string property) => e.Str(property) is { } s ? DateOnly.Parse(s) : null;

    public static bool IsNull(this JsonElement e, string property) => e.GetProperty(property).ValueKind == JsonValueKind.Null;

    /// <summary>
    /// Runs a command that must be refused with a 422 legal term problem whose detail names the rule, and checks that
    /// nothing was appended. <paramref name="command"/> runs the scenario with the expectation it is given.
    /// </summary>
    public static async Task<string> AssertTermRule(this ServiceFixture f, Func<Action<Scenario>, Task<IScenarioResult>> command, long eventsBefore, params string[] detailContains)
    {
        var detail = (await command(x => x.ProblemShouldBe(HttpStatusCode.UnprocessableEntity))).Detail();
        foreach (var part in detailContains) Assert.Contains(part, detail);
        Assert.Equal(eventsBefore, await f.Db.CountEventsAsync());
        return detail;
    }

    /// <summary>Runs a command that must be refused with a 409 state problem naming the state that refused, and checks that nothing was appended.</summary>
    public static async Task AssertRuleViolated(this ServiceFixture f, Func<Action<Scenario>, Task<IScenarioResult>> command, long eventsBefore, string state)
    {
        var problem = (await command(x => x.ProblemShouldBe(HttpStatusCode.Conflict))).Json();
        Assert.Equal(state, problem.GetProperty("state").GetString());
        Assert.Equal(eventsBefore, await f.Db.CountEventsAsync());
    }
}
