using System.Net;
using Atencion.CaseService.Tests.Staff;

namespace Atencion.CaseService.Tests.Chat;

/// <summary>Floridablanca's chat: Monday to Friday 08:30–09:30, holidays excluded, online only with an advisor present.</summary>
public sealed class ChatAvailabilityTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private static DateTimeOffset Bogota(int month, int day, int hour, int minute = 0) => new DateTimeOffset(2026, month, day, hour, minute, 0, TimeSpan.FromHours(-5)).ToUniversalTime();

    private async Task<System.Text.Json.JsonElement> Availability(string tenant = Api.Flori)
    {
        var result = await f.Anonymous().Scenario(x =>
        {
            x.Get.Url($"/api/{tenant}/chat/availability");
            x.StatusCodeShouldBe(HttpStatusCode.OK);
        });
        return result.Json();
    }

    [Fact]
    public async Task Within_hours_with_an_advisor_present_the_chat_is_online()
    {
        f.Time.AdjustTime(Bogota(3, 2, 9, 0));
        await f.MarkPresent(Api.Flori, "asesora");
        var a = await Availability();
        Assert.True(a.GetProperty("online").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, a.GetProperty("reason").ValueKind);
        Assert.Equal("mon-fri 08:30-09:30", a.GetProperty("hours").GetString());
    }

    [Fact]
    public async Task Within_hours_with_nobody_present_the_reason_is_no_advisor()
    {
        f.Time.AdjustTime(Bogota(3, 3, 9, 0));
        await f.MarkPresent(Api.Flori, "asesora", present: false);
        var a = await Availability();
        Assert.False(a.GetProperty("online").GetBoolean());
        Assert.Equal("no-advisor", a.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_presence_that_was_not_renewed_lapses()
    {
        f.Time.AdjustTime(Bogota(3, 4, 9, 0));
        await f.MarkPresent(Api.Flori, "asesora");
        f.Time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal("no-advisor", (await Availability()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task After_hours_the_next_opening_is_the_next_business_morning()
    {
        f.Time.AdjustTime(Bogota(3, 6, 10, 0)); // Friday after 09:30
        await f.MarkPresent(Api.Flori, "asesora");
        var a = await Availability();
        Assert.False(a.GetProperty("online").GetBoolean());
        Assert.Equal("outside-hours", a.GetProperty("reason").GetString());
        Assert.Equal(Bogota(3, 9, 8, 30), a.GetProperty("nextOpening").GetDateTimeOffset());
    }

    [Fact]
    public async Task On_San_Jose_the_chat_is_closed_for_the_holiday_and_opens_the_next_day()
    {
        f.Time.AdjustTime(Bogota(3, 23, 9, 0)); // Monday 23 March 2026, San José (moved to Monday)
        await f.MarkPresent(Api.Flori, "asesora");
        var a = await Availability();
        Assert.False(a.GetProperty("online").GetBoolean());
        Assert.Equal("holiday", a.GetProperty("reason").GetString());
        Assert.Equal(Bogota(3, 24, 8, 30), a.GetProperty("nextOpening").GetDateTimeOffset());
    }

    [Fact]
    public async Task Starting_a_chat_outside_hours_opens_an_offline_case_with_the_next_opening()
    {
        f.Time.AdjustTime(Bogota(3, 6, 10, 0));
        await f.MarkPresent(Api.Flori, "asesora");
        var started = await f.StartChat(Api.Flori);
        Assert.Equal("offline", started.Mode);
        Assert.Equal(Bogota(3, 9, 8, 30), started.Body.GetProperty("nextOpening").GetDateTimeOffset());
        var chat = await f.Citizen(started.Token).ReadChat(Api.Flori, started.CaseId);
        Assert.Equal("waiting", chat.GetProperty("status").GetString());
        Assert.Equal(["¿Cómo presento una queja?"], chat.Texts());
        // The offline chat takes no more messages from the citizen: the answer goes by email.
        await f.Citizen(started.Token).Say(Api.Flori, started.CaseId, "¿Hay alguien?", expect: x => x.ProblemShouldBe(HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Offline_without_a_question_is_refused_and_nothing_is_recorded()
    {
        f.Time.AdjustTime(Bogota(3, 6, 10, 0));
        var before = await f.Db.CountEventsAsync();
        var problem = (await f.Anonymous().Scenario(x =>
        {
            x.Post.Json(ChatApi.Form(question: null)).ToUrl($"/api/{Api.Flori}/chats");
            x.ProblemShouldBe(HttpStatusCode.BadRequest);
        })).Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty("question", out _));
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task In_the_afternoon_Tenjo_greets_with_buenas_tardes()
    {
        f.Time.AdjustTime(Bogota(3, 10, 14, 30));
        await f.MarkPresent(Api.Tenjo, "asesor");
        var started = await f.StartChat(Api.Tenjo);
        Assert.Equal("live", started.Mode);
        var texts = (await f.Citizen(started.Token).ReadChat(Api.Tenjo, started.CaseId)).Texts();
        Assert.StartsWith("Buenas tardes", texts[0]);
    }
}
