using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Atencion.CaseService.Tests.Chat;
using Atencion.CaseService.Tests.Staff;

namespace Atencion.CaseService.Tests.Surveys;

/// <summary>
/// Issue 7's "a survey answer moves the satisfaction indicator", through the running service: attentions closed as answered
/// offer surveys, the citizens answer them, and <c>GET indicators</c> moves overall, by channel and by staff member as the
/// formula says (satisfied = need met and a mean score of 4 or more).
/// </summary>
public sealed class SatisfactionIndicatorTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string Tenant = Api.Flori;

    private async Task<JsonElement> Satisfaction()
    {
        await f.ProjectionsCaughtUpAsync();
        var day = $"{f.Time.GetUtcNow().AddHours(-5):yyyy-MM-dd}";
        var response = await f.As(Tenant, "supervisor", "jefa").Scenario(x =>
        {
            x.Get.Url($"/api/{Tenant}/indicators?from={day}&to={day}");
            x.StatusCodeShouldBeOk(); // Alba's failure message carries the status and the body
        });
        return response.Json().GetProperty("satisfaction");
    }

    private static (int Count, int Of, decimal? Percent) Share(JsonElement share) =>
        (share.GetProperty("count").GetInt32(), share.GetProperty("of").GetInt32(),
         share.GetProperty("percent") is { ValueKind: JsonValueKind.Number } p ? p.GetDecimal() : null);

    private static Dictionary<string, (int, int, decimal?)> Groups(JsonElement satisfaction, string by) =>
        satisfaction.GetProperty(by).EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!, g => Share(g.GetProperty("satisfied")));

    private Task Answer(string token, int courtesy, int quality, int timeliness, int competence, bool needMet) =>
        f.AnswerSurvey(Tenant, token, new { courtesy, quality, timeliness, competence, needMet, comment = "Gracias." }, x => x.StatusCodeShouldBeOk());

    private async Task<string> CloseAnswered(string channel, string advisor)
    {
        var closed = await f.GivenClosedAsAnswered(Tenant, channel, advisor);
        Assert.True(closed.GetProperty("surveyToken").ValueKind == JsonValueKind.String, $"no survey offered: {closed}");
        return closed.GetProperty("surveyToken").GetString()!;
    }

    /// <summary>Every in-person attention is surveyed (the share may go up to 1.0; the default samples 10 %).</summary>
    private async Task SurveyEveryInPersonAttention()
    {
        var admin = f.As(Tenant, "admin", "admin-flori");
        var current = await admin.Scenario(x => x.Get.Url($"/api/{Tenant}/settings"));
        var settings = JsonNode.Parse(current.ReadAsText())!["settings"]!.AsObject();
        settings["survey"]!["inPersonShare"] = 1.0;
        await admin.Scenario(x =>
        {
            x.Put.RawJson(settings.ToJsonString()).ToUrl($"/api/{Tenant}/settings");
            x.WithRequestHeader("If-Match", $"\"{current.ETag()}\"");
            x.StatusCodeShouldBeOk(); // Alba's failure message carries the status and the body
        });
    }

    [Fact]
    public async Task Survey_answers_from_a_web_case_a_chat_and_an_in_person_attention_move_satisfaction_overall_by_channel_and_by_staff_member()
    {
        // Nothing answered yet: nothing to measure, not 0 %.
        var before = await Satisfaction();
        Assert.Equal((0, 0, null), Share(before.GetProperty("overall")));
        Assert.Empty(before.GetProperty("byChannel").EnumerateArray());

        // A web case closed as answered by asesora; the citizen is satisfied (need met, mean 4.5).
        var web = await CloseAnswered("web", "asesora");
        var stillBefore = await Satisfaction();
        Assert.Equal((0, 0, null), Share(stillBefore.GetProperty("overall"))); // offered is not answered
        await Answer(web, 5, 5, 4, 4, needMet: true);
        var one = await Satisfaction();
        Assert.Equal((1, 1, 100m), Share(one.GetProperty("overall")));
        Assert.Equal((1, 1, 100m), Groups(one, "byChannel")["web"]);
        Assert.Equal((1, 1, 100m), Groups(one, "byStaffMember")["asesora"]);

        // A live chat attended by asesor-chat, closed as answered; its survey link is in the closing script. Mean 5 but need not met: not satisfied.
        await f.MarkPresent(Tenant, "asesor-chat");
        var chat = await f.StartChat(Tenant);
        Assert.Equal("live", chat.Mode);
        var advisor = f.As(Tenant, "advisor", "asesor-chat");
        await advisor.Verb(Tenant, chat.CaseId, "close", new { reason = "answered" });
        var chatToken = (await advisor.ReadChat(Tenant, chat.CaseId)).Texts().Last().Split("token=")[1].Split(',')[0];
        await Answer(chatToken, 5, 5, 5, 5, needMet: false);
        var two = await Satisfaction();
        Assert.Equal((1, 2, 50m), Share(two.GetProperty("overall")));
        Assert.Equal((0, 1, 0m), Groups(two, "byChannel")["chat"]);
        Assert.Equal((1, 1, 100m), Groups(two, "byChannel")["web"]);
        Assert.Equal((0, 1, 0m), Groups(two, "byStaffMember")["asesor-chat"]);

        // In person, every attention sampled: asesora's in-person case, answered satisfied at exactly a mean of 4.
        await SurveyEveryInPersonAttention();
        var inPerson = await CloseAnswered("in-person", "asesora");
        await Answer(inPerson, 4, 4, 4, 4, needMet: true);
        var three = await Satisfaction();
        Assert.Equal((2, 3, 66.67m), Share(three.GetProperty("overall")));
        Assert.Equal((1, 1, 100m), Groups(three, "byChannel")["in-person"]);
        Assert.Equal((2, 2, 100m), Groups(three, "byStaffMember")["asesora"]);
        Assert.Equal(["chat", "in-person", "web"], Groups(three, "byChannel").Keys);

        // A second in-person answer just under the line (mean 3.75) moves the in-person channel down.
        await Answer(await CloseAnswered("in-person", "asesora"), 4, 4, 4, 3, needMet: true);
        var four = await Satisfaction();
        Assert.Equal((2, 4, 50m), Share(four.GetProperty("overall")));
        Assert.Equal((1, 2, 50m), Groups(four, "byChannel")["in-person"]);
        Assert.Equal((2, 3, 66.67m), Groups(four, "byStaffMember")["asesora"]);
    }
}
