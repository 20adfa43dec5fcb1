namespace Atencion.CaseService.Tests.Lifecycle;

public sealed class RespondTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private static object Answer(string channel = "email") => new { text = "  Se le informa que su solicitud fue atendida.  ", channel };

    [Fact]
    public async Task An_answer_on_the_due_date_is_on_time_and_one_the_next_business_day_is_late()
    {
        var advisor = f.As(Api.Flori, "advisor", "ana");
        var (onTime, received, due, _) = await f.GivenFiledNextBusinessMorning(advisor);
        var (late, _) = await advisor.Classified("petition");

        f.AdvanceTo(due, 17);
        var answered = await advisor.Do(onTime, "respond", Answer());

        Assert.Equal("answered", answered.Str("status"));
        var view = await advisor.View(onTime);
        Assert.Equal("answered", view.Str("status"));
        Assert.Equal(f.Time.GetUtcNow(), view.GetProperty("respondedAt").GetDateTimeOffset());
        Assert.True(view.GetProperty("respondedOnTime").GetBoolean());
        Assert.Equal(15, view.GetProperty("responseBusinessDays").GetInt32());
        var response = view.GetProperty("response");
        Assert.Equal("Se le informa que su solicitud fue atendida.", response.Str("text"));
        Assert.Equal("email", response.Str("channel"));
        Assert.Equal("ana", response.Str("by"));
        Assert.True(view.IsNull("daysLeft"));
        Assert.False(view.GetProperty("overdue").GetBoolean());

        var nextDay = f.NextBusinessMorning();
        await advisor.Do(late, "respond", Answer("in-person"));

        var lateView = await advisor.View(late);
        Assert.False(lateView.GetProperty("respondedOnTime").GetBoolean());
        Assert.Equal(16, lateView.GetProperty("responseBusinessDays").GetInt32());
        Assert.Equal(Lifecycle.At(nextDay), lateView.GetProperty("respondedAt").GetDateTimeOffset());
        Assert.False(lateView.GetProperty("overdue").GetBoolean());
        // The answered one stays on time whatever the day it is read.
        Assert.True((await advisor.View(onTime)).GetProperty("respondedOnTime").GetBoolean());
        Assert.Equal(received, lateView.Date("legalReceiptDate"));
    }

    [Fact]
    public async Task An_answer_given_on_the_day_of_receipt_took_no_business_days()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = (await f.GivenFiledNextBusinessMorning(advisor, "information-request")).Id;

        await advisor.Do(id, "respond", Answer("web"));

        var view = await advisor.View(id);
        Assert.Equal(0, view.GetProperty("responseBusinessDays").GetInt32());
        Assert.True(view.GetProperty("respondedOnTime").GetBoolean());
    }

    [Fact]
    public async Task An_extended_case_answered_after_the_original_due_date_is_on_time()
    {
        var specialist = f.As(Api.Flori, "specialist");
        var (id, received, due, _) = await f.GivenFiledNextBusinessMorning(specialist);
        var extended = Lifecycle.Calendar.AddBusinessDays(received, 20);
        await specialist.Do(id, "extend", new { reason = "Concepto técnico", newDueDate = extended });

        f.AdvanceTo(Lifecycle.Calendar.NextBusinessDay(due));
        await specialist.Do(id, "respond", Answer());

        Assert.True((await specialist.View(id)).GetProperty("respondedOnTime").GetBoolean());
    }

    [Fact]
    public async Task A_case_is_answered_only_once()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var (id, _) = await advisor.Classified("petition");
        var first = await advisor.Do(id, "respond", Answer());
        var before = await f.Db.CountEventsAsync();

        await f.AssertRuleViolated(e => advisor.Command(id, "respond", new { text = "Otra respuesta", channel = "phone" }, expect: e), before, "answered");

        var view = await advisor.View(id);
        Assert.Equal("Se le informa que su solicitud fue atendida.", view.GetProperty("response").Str("text"));
        Assert.Equal(first.GetProperty("version").GetInt64(), view.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_case_must_be_classified_before_it_is_answered()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.Open();
        var before = await f.Db.CountEventsAsync();

        await f.AssertRuleViolated(e => advisor.Command(id, "respond", Answer(), expect: e), before, "open");

        Assert.Equal("open", (await advisor.View(id)).Str("status"));
    }

    [Fact]
    public async Task An_answered_case_cannot_be_extended_or_suspended()
    {
        var specialist = f.As(Api.Flori, "specialist");
        var id = await specialist.GivenAnswered();
        var before = await f.Db.CountEventsAsync();

        await f.AssertRuleViolated(e => specialist.Command(id, "extend", new { reason = "x", newDueDate = Lifecycle.Calendar.AddBusinessDays(f.Today(), 20) }, expect: e), before, "answered");
        await f.AssertRuleViolated(e => specialist.Command(id, "request-completion", new { missing = "x" }, expect: e), before, "answered");
    }
}
