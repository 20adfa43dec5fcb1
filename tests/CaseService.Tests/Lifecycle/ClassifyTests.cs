using System.Net;

namespace Atencion.CaseService.Tests.Lifecycle;

public sealed class ClassifyTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string Itagui = "personeria-itagui";
    private const string Valledupar = "alcaldia-valledupar";

    /// <summary>Monday 2 March 2026, 09:00 in Bogotá: the fixture's first instant, so always in the past.</summary>
    private static readonly DateTimeOffset MondayMarch2 = Lifecycle.At(new DateOnly(2026, 3, 2));

    // Counted by hand on the 2026 calendar, day 1 being Tuesday 3 March: San José (Thursday 19 March) is observed on
    // Monday 23 March, and Holy Thursday and Good Friday fall on 2 and 3 April.
    //   10 business days: 3–6, 9–13, 16 March                  → Monday 16 March
    //   15 business days: … 17–20 March, (23 holiday), 24 March → Tuesday 24 March
    //   30 business days: … 25–27, 30–31 March, 1 April, (2–3 holidays), 6–10, 13–16 April → Thursday 16 April
    [Theory]
    [InlineData("petition", 15, "2026-03-24", "Ley 1755 de 2015")]
    [InlineData("information-request", 10, "2026-03-16", "Ley 1755 de 2015")]
    [InlineData("consultation", 30, "2026-04-16", "Ley 1755 de 2015")]
    [InlineData("complaint", 15, "2026-03-24", "Ley 1755 de 2015")]
    [InlineData("claim", 15, "2026-03-24", "Ley 1755 de 2015")]
    [InlineData("report", 15, "2026-03-24", "Ley 1755 de 2015")]
    [InlineData("suggestion", 15, "2026-03-24", "Ley 1755 de 2015")]
    [InlineData("compliment", 15, "2026-03-24", "Ley 1755 de 2015")]
    [InlineData("data-query", 10, "2026-03-16", "Ley 1581 de 2012")]
    [InlineData("data-claim", 15, "2026-03-24", "Ley 1581 de 2012")]
    public async Task Each_type_is_filed_with_its_legal_term_counted_from_receipt(string type, int days, string due, string rule)
    {
        var specialist = f.As(Api.Flori, "specialist", "pedro");
        var (id, result) = await specialist.Classified(type, MondayMarch2);

        Assert.Equal(DateOnly.Parse(due), result.Date("dueDate"));
        Assert.Equal("in-progress", result.Str("status"));
        Assert.Matches(@"^2026-\d{6}$", result.Str("radicado"));
        Assert.Matches("^[A-Z2-9]{12}$", result.Str("trackingCode"));
        var view = await specialist.View(id);
        Assert.Equal(type, view.Str("type"));
        Assert.Equal(days, view.GetProperty("termBusinessDays").GetInt32());
        Assert.Equal(DateOnly.Parse(due), view.Date("dueDate"));
        Assert.Equal(new DateOnly(2026, 3, 2), view.Date("legalReceiptDate"));
        Assert.Equal(rule, view.Str("rule"));
        Assert.Equal(result.Str("radicado"), view.Str("radicado"));
        Assert.Equal(result.GetProperty("version").GetInt64(), view.GetProperty("version").GetInt64());
        Assert.Equal(f.Time.GetUtcNow(), view.GetProperty("filedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Holy_week_is_not_counted()
    {
        // Received Friday 27 March; 30–31 March and 1 April are days 1–3, Holy Thursday and Good Friday (2–3 April)
        // are holidays, 6–10 April are days 4–8, 13–17 April days 9–13, and Monday 20 and Tuesday 21 April days 14–15.
        var received = Lifecycle.At(new DateOnly(2026, 3, 27), 15);
        f.AdvanceToAtLeast(received.AddHours(1));

        var (id, result) = await f.As(Api.Flori, "advisor").Classified("petition", received);

        Assert.Equal(new DateOnly(2026, 4, 21), result.Date("dueDate"));
        Assert.Equal(new DateOnly(2026, 3, 27), (await f.As(Api.Flori, "advisor").View(id)).Date("legalReceiptDate"));
    }

    [Fact]
    public async Task A_letter_received_before_new_year_counts_across_the_holidays_and_is_filed_in_the_filing_year()
    {
        // Received Friday 19 December 2025: 22, 23, 24 December are days 1–3, Christmas (Thursday 25) is a holiday,
        // 26, 29, 30, 31 December days 4–7, New Year's Day a holiday, 2 January day 8, 5–9 January days 9–13,
        // Reyes Magos (6 January) is observed on Monday 12 January, 13 and 14 January days 14–15.
        var advisor = f.As(Api.Flori, "advisor");
        var (id, result) = await advisor.Classified("petition", Lifecycle.At(new DateOnly(2025, 12, 19), 10));

        Assert.Equal(new DateOnly(2026, 1, 14), result.Date("dueDate"));
        Assert.StartsWith("2026-", result.Str("radicado"));
        var view = await advisor.View(id);
        Assert.Equal(new DateOnly(2025, 12, 19), view.Date("legalReceiptDate"));
        Assert.True(view.GetProperty("overdue").GetBoolean());
    }

    [Fact]
    public async Task A_request_received_on_a_saturday_counts_from_the_next_business_day()
    {
        // Saturday 7 March counts as received on Monday 9 March; day 15 after it is Tuesday 31 March (Monday 23 is San José).
        var saturday = Lifecycle.At(new DateOnly(2026, 3, 7), 11);
        var monday = Lifecycle.At(new DateOnly(2026, 3, 9), 9);
        f.AdvanceToAtLeast(monday.AddHours(1));
        var advisor = f.As(Api.Flori, "advisor");

        var (onSaturday, saturdayResult) = await advisor.Classified("petition", saturday);
        var (_, mondayResult) = await advisor.Classified("petition", monday);

        Assert.Equal(new DateOnly(2026, 3, 31), saturdayResult.Date("dueDate"));
        Assert.Equal(mondayResult.Date("dueDate"), saturdayResult.Date("dueDate"));
        var view = await advisor.View(onSaturday);
        Assert.Equal(new DateOnly(2026, 3, 9), view.Date("legalReceiptDate"));
        Assert.Equal(saturday, view.GetProperty("receivedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_reception_instant_given_in_bogota_time_is_accepted()
    {
        var letter = new DateTimeOffset(2026, 3, 2, 8, 30, 0, TimeSpan.FromHours(-5));
        var advisor = f.As(Api.Flori, "advisor");

        var created = await advisor.Scenario(x =>
        {
            x.Post.RawJson("""{"channel":"in-person","subject":"Carta","text":"Radicada en ventanilla","receivedAt":"2026-03-02T08:30:00-05:00"}""")
                .ToUrl($"/api/{Api.Flori}/cases");
            x.StatusCodeShouldBe(HttpStatusCode.Created);
        });

        var view = await advisor.View(created.Json().GetProperty("id").GetGuid());
        Assert.Equal(letter, view.GetProperty("receivedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_request_received_on_friday_night_in_bogota_counts_from_friday_although_it_is_saturday_in_utc()
    {
        // 22:00 on Friday 6 March in Bogotá is 03:00 on Saturday in UTC.
        var fridayNight = new DateTimeOffset(2026, 3, 7, 3, 0, 0, TimeSpan.Zero);
        f.AdvanceToAtLeast(fridayNight.AddHours(1));
        var advisor = f.As(Api.Flori, "advisor");

        var (id, _) = await advisor.Classified("information-request", fridayNight);

        var view = await advisor.View(id);
        Assert.Equal(new DateOnly(2026, 3, 6), view.Date("legalReceiptDate"));
        // 9–13 March days 1–5, 16–20 March days 6–10.
        Assert.Equal(new DateOnly(2026, 3, 20), view.Date("dueDate"));
    }

    [Fact]
    public async Task Radicados_are_consecutive_per_entity_in_filing_order_and_orientations_take_none()
    {
        var itagui = f.As(Itagui, "advisor");
        var valledupar = f.As(Valledupar, "advisor");
        var year = f.Today().Year;

        var filed = new List<string?>
        {
            (await itagui.Classified("petition", tenant: Itagui)).Result.Str("radicado"),
            (await valledupar.Classified("complaint", tenant: Valledupar)).Result.Str("radicado"),
            (await itagui.Classified("orientation", tenant: Itagui)).Result.Str("radicado"),
            (await itagui.Classified("claim", tenant: Itagui)).Result.Str("radicado"),
            (await itagui.Classified("data-query", tenant: Itagui)).Result.Str("radicado"),
            (await valledupar.Classified("petition", tenant: Valledupar)).Result.Str("radicado"),
        };

        Assert.Equal(
            [$"{year}-000001", $"{year}-000001", null, $"{year}-000002", $"{year}-000003", $"{year}-000002"],
            filed);
    }

    [Fact]
    public async Task An_orientation_gets_no_radicado_and_no_due_date_until_it_is_typed_as_a_pqrsd()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.Open();

        var oriented = await advisor.Do(id, "classify", new { type = "orientation", topic = "asesoria-juridica" });

        Assert.Equal("in-progress", oriented.Str("status"));
        Assert.True(oriented.IsNull("radicado"));
        Assert.True(oriented.IsNull("trackingCode"));
        Assert.True(oriented.IsNull("dueDate"));
        var view = await advisor.View(id);
        Assert.Equal("orientation", view.Str("type"));
        Assert.Equal("asesoria-juridica", view.Str("topic"));
        Assert.True(view.IsNull("radicado"));
        Assert.True(view.IsNull("dueDate"));
        Assert.True(view.IsNull("termBusinessDays"));
        Assert.True(view.IsNull("daysLeft"));
        Assert.False(view.GetProperty("overdue").GetBoolean());

        var petition = await advisor.Do(id, "classify", new { type = "petition" });
        Assert.Matches(@"^\d{4}-\d{6}$", petition.Str("radicado"));
        Assert.NotNull(petition.Date("dueDate"));
    }

    [Fact]
    public async Task Reclassification_recomputes_the_due_date_from_the_original_receipt_and_keeps_the_radicado()
    {
        var specialist = f.As(Api.Flori, "specialist");
        var (id, first) = await specialist.Classified("petition", MondayMarch2);
        f.NextBusinessMorning();

        var second = await specialist.Do(id, "classify", new { type = "information-request", priority = true });

        Assert.Equal(first.Str("radicado"), second.Str("radicado"));
        Assert.True(second.IsNull("trackingCode"));
        Assert.Equal(new DateOnly(2026, 3, 16), second.Date("dueDate"));
        var view = await specialist.View(id);
        Assert.Equal("information-request", view.Str("type"));
        Assert.Equal(10, view.GetProperty("termBusinessDays").GetInt32());
        Assert.Equal(new DateOnly(2026, 3, 2), view.Date("legalReceiptDate"));
        Assert.Equal(first.Str("radicado"), view.Str("radicado"));
        Assert.True(view.GetProperty("priority").GetBoolean());
        var history = await f.As(Api.Flori, "auditor").History(id);
        Assert.Single(history.GetProperty("events").EnumerateArray(), e => e.Str("type") == "CaseFiled");
    }

    [Fact]
    public async Task Retyping_an_extended_case_to_a_type_with_the_same_term_keeps_the_extended_due_date()
    {
        var specialist = f.As(Api.Flori, "specialist");
        var (id, received, _, _) = await f.GivenFiledNextBusinessMorning(specialist);
        var extended = Lifecycle.Calendar.AddBusinessDays(received, 20);
        await specialist.Do(id, "extend", new { reason = "Concepto técnico", newDueDate = extended });

        var retyped = await specialist.Do(id, "classify", new { type = "complaint" });

        Assert.Equal(extended, retyped.Date("dueDate"));
        var view = await specialist.View(id);
        Assert.Equal(view.GetProperty("extension").Date("newDueDate"), view.Date("dueDate"));
    }

    [Fact]
    public async Task Retyping_a_resumed_case_to_a_type_with_the_same_term_keeps_the_resumed_due_date()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var (id, received, _, _) = await f.GivenFiledNextBusinessMorning(advisor);
        await advisor.Do(id, "request-completion", new { missing = "Copia de la cédula" });
        f.AdvanceBusinessDays(received, 16);
        var resumed = (await advisor.Do(id, "completed", new { })).Date("dueDate");

        var retyped = await advisor.Do(id, "classify", new { type = "claim" });

        Assert.Equal(resumed, retyped.Date("dueDate"));
        Assert.False((await advisor.View(id)).GetProperty("overdue").GetBoolean());
    }

    [Fact]
    public async Task A_filed_case_cannot_become_an_orientation()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var (id, filed) = await advisor.Classified("petition");
        var before = await f.Db.CountEventsAsync();

        await f.AssertRuleViolated(e => advisor.Command(id, "classify", new { type = "orientation" }, expect: e), before, "in-progress");

        var view = await advisor.View(id);
        Assert.Equal("petition", view.Str("type"));
        Assert.Equal(filed.Str("radicado"), view.Str("radicado"));
    }

    [Fact]
    public async Task Days_left_shrink_as_time_passes_and_the_case_turns_overdue_the_day_after_its_due_date()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var (id, received, due, _) = await f.GivenFiledNextBusinessMorning(advisor);
        Assert.Equal(Lifecycle.Calendar.AddBusinessDays(received, 15), due);

        var onReceipt = await advisor.View(id);
        Assert.Equal(15, onReceipt.GetProperty("daysLeft").GetInt32());
        Assert.False(onReceipt.GetProperty("overdue").GetBoolean());

        f.AdvanceBusinessDays(received, 1);
        Assert.Equal(14, (await advisor.View(id)).GetProperty("daysLeft").GetInt32());

        f.AdvanceTo(due, 16);
        var onDueDate = await advisor.View(id);
        Assert.Equal(0, onDueDate.GetProperty("daysLeft").GetInt32());
        Assert.False(onDueDate.GetProperty("overdue").GetBoolean());

        f.NextBusinessMorning();
        var late = await advisor.View(id);
        Assert.Equal(-1, late.GetProperty("daysLeft").GetInt32());
        Assert.True(late.GetProperty("overdue").GetBoolean());
    }

    [Fact]
    public async Task A_closed_or_answered_case_cannot_be_classified()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var answered = await advisor.GivenAnswered();
        var closed = await advisor.GivenClosed("withdrawn");
        var before = await f.Db.CountEventsAsync();

        await f.AssertRuleViolated(e => advisor.Command(answered, "classify", new { type = "claim" }, expect: e), before, "answered");
        await f.AssertRuleViolated(e => advisor.Command(closed, "classify", new { type = "claim" }, expect: e), before, "closed");
    }
}
