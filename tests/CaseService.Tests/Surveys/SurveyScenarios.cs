using System.Net;
using System.Text.Json;
using Atencion.CaseService.Tests.Lifecycle;

namespace Atencion.CaseService.Tests.Surveys;

/// <summary>Scenario steps of the Surveys tests: a case closed as answered (which offers a survey), and the citizen reading and answering it.</summary>
public static class SurveyScenarios
{
    public static string SurveyUrl(string tenant, string token) => $"/api/{tenant}/surveys/{token}";

    /// <summary>
    /// Given a case an advisor opened on a channel (or with a body), classified as an orientation and closed as answered,
    /// each step answering 201, 200 and 200: the close's answer (with its surveyToken and surveyLink when a survey is offered).
    /// </summary>
    public static async Task<JsonElement> GivenClosedAsAnswered(this ServiceFixture f, string tenant, string channel = "web", string advisor = "asesora", object? body = null)
    {
        var staff = f.As(tenant, "advisor", advisor);
        var id = await staff.CreateCase(tenant, body ?? Api.NewCase(channel));
        await staff.Command(id, "classify", new { type = "orientation" }, tenant, expect: x => x.StatusCodeShouldBeOk());
        return (await staff.Command(id, "close", new { reason = "answered" }, tenant, expect: x => x.StatusCodeShouldBeOk())).Json();
    }

    /// <summary>The citizen opens the survey (anonymous), as a scenario that expects <paramref name="expect"/> (200 when not given).</summary>
    public static Task<IScenarioResult> ReadSurvey(this ServiceFixture f, string tenant, string token, Action<Scenario>? expect = null) =>
        f.Anonymous().Scenario(x =>
        {
            x.Get.Url(SurveyUrl(tenant, token));
            if (expect is null) x.StatusCodeShouldBeOk(); else expect(x);
        });

    /// <summary>
    /// The citizen answers the survey (anonymous) with a body (an object, or raw JSON text), as a scenario that expects
    /// <paramref name="expect"/> (200 when not given).
    /// </summary>
    public static Task<IScenarioResult> AnswerSurvey(this ServiceFixture f, string tenant, string token, object answers, Action<Scenario>? expect = null) =>
        f.Anonymous().Scenario(x =>
        {
            (answers is string json ? x.Post.RawJson(json) : x.Post.Json(answers)).ToUrl(SurveyUrl(tenant, token));
            if (expect is null) x.StatusCodeShouldBeOk(); else expect(x);
        });

    /// <summary>The survey token in a chat's closing script (its link's <c>token=</c>).</summary>
    public static string SurveyTokenIn(string closingScript) => closingScript.Split("token=")[1].Split(',')[0];
}
