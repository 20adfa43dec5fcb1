using System.Net;
using Atencion.CaseService.Tests.Staff;

namespace Atencion.CaseService.Tests.Chat;

/// <summary>The protocol's verbs: conduct warning, satisfaction check and answer, closing with the survey, withdrawing a message, escalation.</summary>
public sealed class ChatProtocolTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private Caller Advisor => f.As(Api.Flori, "advisor", "asesora");

    [Fact]
    public async Task The_conduct_warning_posts_the_entitys_script()
    {
        var chat = await f.GivenLiveChat(Api.Flori, "asesora");
        await Advisor.Verb(Api.Flori, chat.CaseId, "conduct-warning");
        var last = (await f.Citizen(chat.Token).ReadChat(Api.Flori, chat.CaseId)).GetProperty("messages").EnumerateArray().Last();
        Assert.StartsWith("Para poder brindarle orientación, le pedimos el favor de no usar un lenguaje ofensivo", last.GetProperty("text").GetString());
        Assert.Equal("system", last.GetProperty("from").GetString());
    }

    [Fact]
    public async Task Satisfaction_is_asked_by_staff_answered_by_the_citizen_then_closing_posts_the_survey_link()
    {
        var chat = await f.GivenLiveChat(Api.Flori, "asesora");
        var citizen = f.Citizen(chat.Token);
        var before = await f.Db.CountEventsAsync();
        await citizen.PostToChat(Api.Flori, chat.CaseId, "satisfaction", new { satisfied = true }, x => x.ProblemShouldBe(HttpStatusCode.Conflict));
        Assert.Equal(before, await f.Db.CountEventsAsync());

        await Advisor.Verb(Api.Flori, chat.CaseId, "satisfaction-check");
        Assert.Equal("¿Es satisfactoria la respuesta?", (await citizen.ReadChat(Api.Flori, chat.CaseId)).Texts()[^1]);
        await Advisor.PostToChat(Api.Flori, chat.CaseId, "satisfaction", new { satisfied = true }, x => x.ProblemShouldBe(HttpStatusCode.Forbidden));
        await citizen.PostToChat(Api.Flori, chat.CaseId, "satisfaction", new { }, x => x.ProblemShouldBe(HttpStatusCode.BadRequest));
        await citizen.Verb(Api.Flori, chat.CaseId, "satisfaction", new { satisfied = true });

        var closed = await Advisor.Verb(Api.Flori, chat.CaseId, "close", new { reason = "answered" });
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        var read = await citizen.ReadChat(Api.Flori, chat.CaseId);
        Assert.Equal("answered", read.GetProperty("closedReason").GetString());
        Assert.Contains("https://www.personeriadefloridablanca.gov.co/encuesta", read.Texts()[^1]);
        var view = await f.As(Api.Flori, "supervisor", "jefa").CaseView(Api.Flori, chat.CaseId);
        Assert.True(view.GetProperty("chat").GetProperty("satisfied").GetBoolean());

        var after = await f.Db.CountEventsAsync();
        await Advisor.PostToChat(Api.Flori, chat.CaseId, "close", new { reason = "answered" }, x => x.ProblemShouldBe(HttpStatusCode.Conflict));
        await Advisor.PostToChat(Api.Flori, chat.CaseId, "conduct-warning", null, x => x.ProblemShouldBe(HttpStatusCode.Conflict));
        Assert.Equal(after, await f.Db.CountEventsAsync());
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"reason":"bored"}""")]
    public async Task Closing_needs_a_known_reason(string json)
    {
        var chat = await f.GivenLiveChat(Api.Flori, "asesora");
        var before = await f.Db.CountEventsAsync();
        await Advisor.PostRawToChat(Api.Flori, chat.CaseId, "close", json, x => x.ProblemShouldBe(HttpStatusCode.BadRequest));
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task The_citizen_may_leave_but_not_close_for_another_reason()
    {
        var chat = await f.GivenLiveChat(Api.Flori, "asesora");
        var citizen = f.Citizen(chat.Token);
        await citizen.PostToChat(Api.Flori, chat.CaseId, "close", new { reason = "conduct" }, x => x.ProblemShouldBe(HttpStatusCode.Forbidden));
        var closed = await citizen.Verb(Api.Flori, chat.CaseId, "close", new { reason = "citizen" });
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal("citizen", (await citizen.ReadChat(Api.Flori, chat.CaseId)).GetProperty("closedReason").GetString());
    }

    [Fact]
    public async Task A_withdrawn_message_is_hidden_from_the_chat_and_the_view_but_kept_in_the_history()
    {
        var chat = await f.GivenLiveChat(Api.Flori, "asesora");
        var citizen = f.Citizen(chat.Token);
        var offensive = (await citizen.Say(Api.Flori, chat.CaseId, "insulto")).Json().GetProperty("messageId").GetGuid();
        var supervisor = f.As(Api.Flori, "supervisor", "jefa");
        var before = await f.Db.CountEventsAsync();
        await Advisor.PostToChat(Api.Flori, chat.CaseId, $"messages/{offensive}/withdraw", null, x => x.ProblemShouldBe(HttpStatusCode.Forbidden));
        await citizen.PostToChat(Api.Flori, chat.CaseId, $"messages/{offensive}/withdraw", null, x => x.ProblemShouldBe(HttpStatusCode.Forbidden));
        await supervisor.PostToChat(Api.Flori, chat.CaseId, $"messages/{Guid.NewGuid()}/withdraw", null, x => x.ProblemShouldBe(HttpStatusCode.NotFound));
        Assert.Equal(before, await f.Db.CountEventsAsync());

        await supervisor.Verb(Api.Flori, chat.CaseId, $"messages/{offensive}/withdraw");
        Assert.DoesNotContain("insulto", (await citizen.ReadChat(Api.Flori, chat.CaseId)).Texts());
        var view = await supervisor.CaseView(Api.Flori, chat.CaseId);
        Assert.DoesNotContain(view.GetProperty("chat").GetProperty("messages").EnumerateArray(), m => m.GetProperty("text").GetString() == "insulto");
        var history = (await supervisor.Scenario(x => x.Get.Url($"/api/{Api.Flori}/cases/{chat.CaseId}/history"))).ReadAsText();
        Assert.Contains("insulto", history);
        Assert.Contains("MessageWithdrawn", history);
    }

    [Theory]
    [InlineData("auditor")]
    [InlineData("admin")]
    [InlineData("control")]
    public async Task Only_staff_who_work_cases_run_the_protocol(string role)
    {
        var chat = await f.GivenLiveChat(Api.Flori, "asesora");
        var before = await f.Db.CountEventsAsync();
        var staff = f.As(Api.Flori, role);
        await staff.PostToChat(Api.Flori, chat.CaseId, "conduct-warning", null, x => x.ProblemShouldBe(HttpStatusCode.Forbidden));
        await staff.PostToChat(Api.Flori, chat.CaseId, "satisfaction-check", null, x => x.ProblemShouldBe(HttpStatusCode.Forbidden));
        await staff.PostToChat(Api.Flori, chat.CaseId, "close", new { reason = "answered" }, x => x.ProblemShouldBe(HttpStatusCode.Forbidden));
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task Escalating_a_chat_case_posts_the_escalation_script()
    {
        var chat = await f.GivenLiveChat(Api.Flori, "asesora");
        await Advisor.Command(Api.Flori, chat.CaseId, "escalate", new { reason = "Requiere abogado", skill = "lawyer" });
        Assert.StartsWith("Le ofrezco disculpas", (await f.Citizen(chat.Token).ReadChat(Api.Flori, chat.CaseId)).Texts()[^1]);
    }
}
