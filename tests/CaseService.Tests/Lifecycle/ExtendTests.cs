using System.Net;

namespace Atencion.CaseService.Tests.Lifecycle;

public sealed class ExtendTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    /// <summary>A petition received and filed this morning: its receipt date, due date (15 business days) and ceiling (30).</summary>
    private async Task<(Guid Id, DateOnly Receipt, DateOnly Due, DateOnly Max)> GivenFiledPetition(Caller caller, string type = "petition")
    {
        var (id, receipt, due, _) = await f.GivenFiledNextBusinessMorning(caller, type);
        return (id, receipt, due, Lifecycle.Calendar.AddBusinessDays(receipt, 30));
    }

    [Fact]
    public async Task A_term_is_extended_once_before_it_expires_up_to_twice_the_term_from_receipt()
    {
        var specialist = f.As(Api.Flori, "specialist", "pedro");
        var (id, receipt, due, max) = await GivenFiledPetition(specialist);
        Assert.Equal(Lifecycle.Calendar.AddBusinessDays(receipt, 15), due);

        var result = await specialist.Do(id, "extend", new { reason = "  Se requiere concepto técnico  ", newDueDate = max });

        Assert.Equal(max, result.Date("dueDate"));
        Assert.Equal("in-progress", result.Str("status"));
        var view = await specialist.View(id);
        Assert.Equal(max, view.Date("dueDate"));
        var extension = view.GetProperty("extension");
        Assert.Equal("Se requiere concepto técnico", extension.Str("reason"));
        Assert.Equal(due, extension.Date("previousDueDate"));
        Assert.Equal(max, extension.Date("newDueDate"));
        Assert.Equal(f.Time.GetUtcNow(), extension.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(30, view.GetProperty("daysLeft").GetInt32());

        var before = await f.Db.CountEventsAsync();
        await f.AssertTermRule(e => specialist.Command(id, "extend", new { reason = "Otra vez", newDueDate = max }, expect: e), before, "once");
        await f.AssertTermRule(e => specialist.Command(id, "extend", new { reason = "Otra vez", newDueDate = Lifecycle.Calendar.AddBusinessDays(due, 1) }, expect: e), before, "once");
        Assert.Equal(max, (await specialist.View(id)).Date("dueDate"));
    }

    [Fact]
    public async Task An_extension_beyond_twice_the_term_from_receipt_is_refused_naming_the_latest_date()
    {
        var supervisor = f.As(Api.Flori, "supervisor");
        var (id, _, due, max) = await GivenFiledPetition(supervisor);
        var before = await f.Db.CountEventsAsync();

        await f.AssertTermRule(e => supervisor.Command(id, "extend", new { reason = "Demasiado", newDueDate = Lifecycle.Calendar.NextBusinessDay(max) }, expect: e),
            before, "twice the original term", max.ToString("yyyy-MM-dd"));
        Assert.Equal(due, (await supervisor.View(id)).Date("dueDate"));
    }

    [Fact]
    public async Task An_extension_to_a_day_that_is_not_a_business_day_is_refused()
    {
        var specialist = f.As(Api.Flori, "specialist");
        var (id, _, due, _) = await GivenFiledPetition(specialist);
        var saturday = due.AddDays(1);
        while (saturday.DayOfWeek != DayOfWeek.Saturday) saturday = saturday.AddDays(1);
        var before = await f.Db.CountEventsAsync();

        await f.AssertTermRule(e => specialist.Command(id, "extend", new { reason = "Fin de semana", newDueDate = saturday }, expect: e), before, "not a business day");
    }

    [Fact]
    public async Task The_new_due_date_must_be_after_the_current_one()
    {
        var specialist = f.As(Api.Flori, "specialist");
        var (id, _, due, _) = await GivenFiledPetition(specialist);
        var before = await f.Db.CountEventsAsync();

        await f.AssertTermRule(e => specialist.Command(id, "extend", new { reason = "Igual", newDueDate = due }, expect: e), before, "after the current one", due.ToString("yyyy-MM-dd"));
        await f.AssertTermRule(e => specialist.Command(id, "extend", new { reason = "Antes", newDueDate = Lifecycle.Calendar.AddBusinessDays(f.Today(), 2) }, expect: e), before, "after the current one");
    }

    [Fact]
    public async Task An_extension_may_be_announced_on_the_due_date_but_not_after_it()
    {
        var specialist = f.As(Api.Flori, "specialist");
        var (onTime, _, due, max) = await GivenFiledPetition(specialist);
        var (late, _) = await specialist.Classified("petition");

        f.AdvanceTo(due, 17);
        Assert.Equal(max, (await specialist.Do(onTime, "extend", new { reason = "Último día", newDueDate = max })).Date("dueDate"));

        f.NextBusinessMorning();
        var before = await f.Db.CountEventsAsync();
        await f.AssertTermRule(e => specialist.Command(late, "extend", new { reason = "Tarde", newDueDate = max }, expect: e), before, "expired", due.ToString("yyyy-MM-dd"));
        Assert.True((await specialist.View(late)).GetProperty("overdue").GetBoolean());
    }

    [Fact]
    public async Task A_personal_data_query_is_extended_by_at_most_five_business_days()
    {
        // Ley 1581 de 2012, art. 14: 10 business days, extendable by 5 more, not doubled.
        var specialist = f.As(Api.Flori, "specialist");
        var (id, receipt, due, _) = await GivenFiledPetition(specialist, "data-query");
        Assert.Equal(Lifecycle.Calendar.AddBusinessDays(receipt, 10), due);
        var max = Lifecycle.Calendar.AddBusinessDays(receipt, 15);
        var before = await f.Db.CountEventsAsync();

        await f.AssertTermRule(e => specialist.Command(id, "extend", new { reason = "Más", newDueDate = Lifecycle.Calendar.NextBusinessDay(max) }, expect: e), before, max.ToString("yyyy-MM-dd"));
        Assert.Equal(max, (await specialist.Do(id, "extend", new { reason = "Verificación de datos", newDueDate = max })).Date("dueDate"));
    }

    [Fact]
    public async Task Advisors_cannot_extend_terms()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var (id, _, _, max) = await GivenFiledPetition(advisor);
        var before = await f.Db.CountEventsAsync();

        await advisor.Command(id, "extend", new { reason = "Sin permiso", newDueDate = max }, expect: x => x.ProblemShouldBe(HttpStatusCode.Forbidden));

        Assert.Equal(before, await f.Db.CountEventsAsync());
        Assert.True((await advisor.View(id)).IsNull("extension"));
    }

    [Fact]
    public async Task An_orientation_or_an_unfiled_case_has_no_term_to_extend()
    {
        var specialist = f.As(Api.Flori, "specialist");
        var (orientation, _) = await specialist.Classified("orientation");
        var open = await specialist.Open();
        var before = await f.Db.CountEventsAsync();
        var someday = Lifecycle.Calendar.AddBusinessDays(f.Today(), 20);

        await f.AssertRuleViolated(e => specialist.Command(orientation, "extend", new { reason = "x", newDueDate = someday }, expect: e), before, "in-progress");
        await f.AssertRuleViolated(e => specialist.Command(open, "extend", new { reason = "x", newDueDate = someday }, expect: e), before, "open");
    }
}
