namespace Atencion.CaseService.Tests.Lifecycle;

public sealed class CompletionTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private static object Missing => new { missing = "  Copia de la cédula y del contrato  " };

    [Fact]
    public async Task Asking_for_completion_suspends_the_term_and_completing_resumes_it_with_the_days_that_were_left()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var (id, received, originalDue, _) = await f.GivenFiledNextBusinessMorning(advisor);
        f.AdvanceBusinessDays(received, 4);

        var suspended = await advisor.Do(id, "request-completion", Missing);

        Assert.Equal("awaiting-completion", suspended.Str("status"));
        var view = await advisor.View(id);
        Assert.Equal("awaiting-completion", view.Str("status"));
        var completion = view.GetProperty("completion");
        Assert.Equal("Copia de la cédula y del contrato", completion.Str("missing"));
        Assert.Equal(15 - 4, completion.GetProperty("businessDaysLeft").GetInt32());
        Assert.Equal(f.Time.GetUtcNow(), completion.GetProperty("since").GetDateTimeOffset());
        Assert.True(view.IsNull("daysLeft"));
        Assert.False(view.GetProperty("overdue").GetBoolean());

        // The citizen answers a week and a half later, after the original due date would have been close.
        var completedOn = f.AdvanceBusinessDays(f.Today(), 8);
        var resumed = await advisor.Do(id, "completed", new { });

        var newDue = Lifecycle.Calendar.AddBusinessDays(completedOn, 11);
        Assert.Equal("in-progress", resumed.Str("status"));
        Assert.Equal(newDue, resumed.Date("dueDate"));
        Assert.True(newDue > originalDue);
        view = await advisor.View(id);
        Assert.Equal("in-progress", view.Str("status"));
        Assert.Equal(newDue, view.Date("dueDate"));
        Assert.True(view.IsNull("completion"));
        Assert.Equal(11, view.GetProperty("daysLeft").GetInt32());
    }

    [Fact]
    public async Task Completion_may_be_requested_up_to_ten_business_days_after_filing_and_not_later()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var (inTime, received, _, _) = await f.GivenFiledNextBusinessMorning(advisor);
        var (tooLate, _) = await advisor.Classified("petition");

        f.AdvanceBusinessDays(received, 10);
        var suspended = await advisor.Do(inTime, "request-completion", Missing);
        Assert.Equal("awaiting-completion", suspended.Str("status"));
        Assert.Equal(5, (await advisor.View(inTime)).GetProperty("completion").GetProperty("businessDaysLeft").GetInt32());

        f.NextBusinessMorning();
        var before = await f.Db.CountEventsAsync();
        await f.AssertTermRule(e => advisor.Command(tooLate, "request-completion", Missing, expect: e), before, "10 business days",
            Lifecycle.Calendar.AddBusinessDays(received, 10).ToString("yyyy-MM-dd"));
        Assert.Equal("in-progress", (await advisor.View(tooLate)).Str("status"));
    }

    [Fact]
    public async Task A_case_is_closed_as_tacitly_withdrawn_only_after_a_month_awaiting_completion()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = (await f.GivenFiledNextBusinessMorning(advisor)).Id;
        await advisor.Do(id, "request-completion", Missing);
        var before = await f.Db.CountEventsAsync();

        await f.AssertRuleViolated(e => advisor.Command(id, "close", new { reason = "tacit-withdrawal" }, expect: e), before, "awaiting-completion");
        f.Time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));
        await f.AssertRuleViolated(e => advisor.Command(id, "close", new { reason = "tacit-withdrawal" }, expect: e), before, "awaiting-completion");

        f.Time.Advance(TimeSpan.FromMinutes(1));
        var closed = await advisor.Do(id, "close", new { reason = "tacit-withdrawal", note = "No aportó los documentos" });

        Assert.Equal("closed", closed.Str("status"));
        var view = await advisor.View(id);
        Assert.Equal("tacit-withdrawal", view.Str("closeReason"));
    }

    [Fact]
    public async Task A_case_that_was_never_suspended_cannot_be_closed_as_tacitly_withdrawn()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var (id, _) = await advisor.Classified("petition");
        var before = await f.Db.CountEventsAsync();

        await f.AssertRuleViolated(e => advisor.Command(id, "close", new { reason = "tacit-withdrawal" }, expect: e), before, "in-progress");
    }

    [Fact]
    public async Task Completion_is_requested_once_and_completed_only_while_awaiting()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var (id, _) = await advisor.Classified("petition");
        var before = await f.Db.CountEventsAsync();
        await f.AssertRuleViolated(e => advisor.Command(id, "completed", new { }, expect: e), before, "in-progress");

        await advisor.Do(id, "request-completion", Missing);
        before = await f.Db.CountEventsAsync();

        await f.AssertRuleViolated(e => advisor.Command(id, "request-completion", Missing, expect: e), before, "awaiting-completion");
        await f.AssertRuleViolated(e => f.As(Api.Flori, "specialist").Command(id, "extend",
            new { reason = "x", newDueDate = Lifecycle.Calendar.AddBusinessDays(f.Today(), 20) }, expect: e), before, "awaiting-completion");
    }

    [Fact]
    public async Task An_unfiled_case_cannot_be_suspended()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var open = await advisor.Open();
        var (orientation, _) = await advisor.Classified("orientation");
        var before = await f.Db.CountEventsAsync();

        await f.AssertRuleViolated(e => advisor.Command(open, "request-completion", Missing, expect: e), before, "open");
        await f.AssertRuleViolated(e => advisor.Command(orientation, "request-completion", Missing, expect: e), before, "in-progress");
    }
}
