namespace Atencion.CaseService.Tests.Lifecycle;

public sealed class ReferTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private static object Referral => new { entity = "  Fiscalía General de la Nación  ", reason = "  Hechos de competencia penal  " };

    [Fact]
    public async Task A_referral_on_the_fifth_business_day_closes_the_case_as_referred_on_time()
    {
        var advisor = f.As(Api.Flori, "advisor", "ana");
        var (id, received, _, _) = await f.GivenFiledNextBusinessMorning(advisor);
        var fifth = f.AdvanceBusinessDays(received, 5);

        var result = await advisor.Do(id, "refer", Referral);

        Assert.Equal("closed", result.Str("status"));
        var view = await advisor.View(id);
        Assert.Equal("closed", view.Str("status"));
        Assert.Equal("referred", view.Str("closeReason"));
        Assert.Equal(f.Time.GetUtcNow(), view.GetProperty("closedAt").GetDateTimeOffset());
        var referral = view.GetProperty("referral");
        Assert.Equal("Fiscalía General de la Nación", referral.Str("entity"));
        Assert.Equal("Hechos de competencia penal", referral.Str("reason"));
        Assert.Equal(fifth, referral.Date("dueDate"));
        Assert.False(referral.GetProperty("late").GetBoolean());
        Assert.True(view.IsNull("daysLeft"));
        Assert.False(view.GetProperty("overdue").GetBoolean());
    }

    [Fact]
    public async Task Referral_after_five_business_days_is_flagged_late()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var (id, received, _, _) = await f.GivenFiledNextBusinessMorning(advisor, "complaint");
        f.AdvanceBusinessDays(received, 6);

        await advisor.Do(id, "refer", Referral);

        var referral = (await advisor.View(id)).GetProperty("referral");
        Assert.True(referral.GetProperty("late").GetBoolean());
        Assert.Equal(Lifecycle.Calendar.AddBusinessDays(received, 5), referral.Date("dueDate"));
    }

    [Fact]
    public async Task An_unclassified_case_is_referred_from_its_receipt()
    {
        var received = f.NextBusinessMorning();
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.Open();

        await advisor.Do(id, "refer", Referral);

        var view = await advisor.View(id);
        Assert.Equal("referred", view.Str("closeReason"));
        Assert.Equal(Lifecycle.Calendar.AddBusinessDays(received, 5), view.GetProperty("referral").Date("dueDate"));
        Assert.False(view.GetProperty("referral").GetProperty("late").GetBoolean());
    }

    [Fact]
    public async Task A_case_is_referred_only_once()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var (id, _) = await advisor.Classified("petition");
        await advisor.Do(id, "refer", Referral);
        var before = await f.Db.CountEventsAsync();

        await f.AssertRuleViolated(e => advisor.Command(id, "refer", new { entity = "Procuraduría", reason = "Otra" }, expect: e), before, "referred");

        // Even reopened, it was referred already.
        await f.As(Api.Flori, "supervisor").Do(id, "reopen", new { reason = "Revisión" });
        before = await f.Db.CountEventsAsync();
        await f.AssertRuleViolated(e => advisor.Command(id, "refer", new { entity = "Procuraduría", reason = "Otra" }, expect: e), before, "referred");
    }

    [Fact]
    public async Task A_referred_case_cannot_be_answered()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var (id, _) = await advisor.Classified("petition");
        await advisor.Do(id, "refer", Referral);
        var before = await f.Db.CountEventsAsync();

        await f.AssertRuleViolated(e => advisor.Command(id, "respond", new { text = "Respuesta", channel = "email" }, expect: e), before, "closed");

        Assert.True((await advisor.View(id)).IsNull("response"));
    }

    [Fact]
    public async Task An_answered_case_cannot_be_referred()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.GivenAnswered();
        var before = await f.Db.CountEventsAsync();

        await f.AssertRuleViolated(e => advisor.Command(id, "refer", Referral, expect: e), before, "answered");
    }

    [Theory]
    [InlineData("personeria-floridablanca")]
    [InlineData(" Personería Municipal de Floridablanca ")]
    public async Task A_referral_to_the_entity_itself_is_a_422_naming_entity_and_appends_nothing(string itself)
    {
        var advisor = f.As(Api.Flori, "advisor", "ana");
        var (id, _) = await advisor.Classified("petition");
        var before = await f.Db.CountEventsAsync();

        var problem = (await advisor.Command(id, "refer", new { entity = itself, reason = "Hechos de competencia penal" },
            expect: x => x.ProblemShouldBe(System.Net.HttpStatusCode.UnprocessableEntity))).Json();

        Assert.Contains("this entity itself", problem.GetProperty("errors").GetProperty("entity")[0].GetString());
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }
}
