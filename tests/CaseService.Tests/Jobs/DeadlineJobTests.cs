using Atencion.CaseService.Jobs;
using Atencion.CaseService.Tests.Lifecycle;
using Atencion.Domain.Cases;
using Microsoft.Extensions.DependencyInjection;
using Atencion.CaseService.Tests.Staff;

namespace Atencion.CaseService.Tests.Jobs;

/// <summary>The deadline sweep, run by Hangfire: a warning 3 business days before the due date, a breach when the due date's day ends, the referral deadline; extensions, reclassifications, completion requests, answers and closures move or cancel them.</summary>
public sealed class DeadlineJobTests(JobsFixture f) : IClassFixture<JobsFixture>
{
    private async Task<List<string>> Types(Guid id) => (await f.Db.EventsOfAsync(id)).Select(e => e.Type).ToList();

    private async Task Swept() => await f.Host.RunsAsync(DeadlineSweep.JobName);

    private static int Count(List<string> types, string type) => types.Count(t => t == type);

    [Fact]
    public async Task A_petition_is_warned_three_business_days_before_its_due_date_and_breached_when_the_day_ends_once_each()
    {
        var specialist = f.As(Api.Flori, "specialist", "pedro");
        await f.RegisterStaff(Api.Flori, "pedro");
        var start = f.NextBusinessMorning();
        var (id, classified) = await specialist.Classified("petition", Lifecycle.Lifecycle.At(start));
        await specialist.Do(id, "assign", new { assignee = "pedro" });
        var due = classified.Date("dueDate")!.Value;
        var zone = Lifecycle.Lifecycle.Bogota;
        var warnAt = DeadlineCheck.WarningAt(due, 3, Lifecycle.Lifecycle.Calendar, zone);
        Assert.Equal(3, Lifecycle.Lifecycle.Calendar.BusinessDaysBetween(Domain.Calendar.EntityTimeZone.LocalDate(warnAt, zone), due));

        f.AdvanceToAtLeast(warnAt.AddMinutes(-1));
        await Swept();
        Assert.DoesNotContain("DeadlineWarningRaised", await Types(id));

        f.AdvanceToAtLeast(warnAt);
        await Sweeps.UntilAsync(() => Types(id), t => t.Contains("DeadlineWarningRaised"), "the warning");
        await Swept();
        Assert.Equal(1, Count(await Types(id), "DeadlineWarningRaised"));

        var breachAt = DeadlineCheck.BreachAt(due, zone);
        f.AdvanceToAtLeast(breachAt.AddMinutes(-1));
        await Swept();
        Assert.DoesNotContain("DeadlineBreached", await Types(id));
        var before = await specialist.View(id);
        Assert.False(before.GetProperty("overdue").GetBoolean());

        f.AdvanceToAtLeast(breachAt);
        await Sweeps.UntilAsync(() => Types(id), t => t.Contains("DeadlineBreached"), "the breach");
        await Swept();
        Assert.Equal(1, Count(await Types(id), "DeadlineBreached"));

        var view = await specialist.View(id);
        Assert.True(view.GetProperty("overdue").GetBoolean());
        var breach = Assert.Single(view.GetProperty("breaches").EnumerateArray());
        Assert.Equal("response", breach.Str("kind"));
        Assert.Equal(due, breach.Date("dueDate"));
        Assert.Equal(due, view.Date("deadlineWarnedFor"));
    }

    [Fact]
    public async Task An_extension_moves_the_warning_and_the_breach_to_the_new_due_date()
    {
        var specialist = f.As(Api.Flori, "specialist", "pedro");
        var start = f.NextBusinessMorning();
        var (id, classified) = await specialist.Classified("information-request", Lifecycle.Lifecycle.At(start));
        var due = classified.Date("dueDate")!.Value;
        var newDue = Lifecycle.Lifecycle.Calendar.AddBusinessDays(due, 5);
        await specialist.Do(id, "extend", new { reason = "Se requiere consultar el archivo central.", newDueDate = newDue });
        var zone = Lifecycle.Lifecycle.Bogota;

        // The old due date's day ends with nothing to say: the term now runs to the new one, 4 business days away.
        f.AdvanceToAtLeast(DeadlineCheck.BreachAt(due, zone));
        await Swept();
        var types = await Types(id);
        Assert.DoesNotContain("DeadlineBreached", types);
        Assert.DoesNotContain("DeadlineWarningRaised", types);

        f.AdvanceToAtLeast(DeadlineCheck.WarningAt(newDue, 3, Lifecycle.Lifecycle.Calendar, zone));
        await Sweeps.UntilAsync(() => Types(id), t => t.Contains("DeadlineWarningRaised"), "the warning of the new due date");
        Assert.Equal(newDue, (await specialist.View(id)).Date("deadlineWarnedFor"));

        f.AdvanceToAtLeast(DeadlineCheck.BreachAt(newDue, zone));
        await Sweeps.UntilAsync(() => Types(id), t => t.Contains("DeadlineBreached"), "the breach of the new due date");
        await Swept();
        Assert.Equal(1, Count(await Types(id), "DeadlineWarningRaised"));
        Assert.Equal(newDue, Assert.Single((await specialist.View(id)).GetProperty("breaches").EnumerateArray()).Date("dueDate"));
    }

    private Task<List<(string Kind, DateTimeOffset At)>> Upcoming(Guid id) => f.UpcomingFor(id);

    private Task<List<(string Type, DateOnly Due)>> DeadlineEvents(Guid id) => f.DeadlineEventsAsync(id);

    [Fact]
    public async Task Reclassifying_moves_the_pending_warning_and_breach_to_the_new_types_due_date()
    {
        var specialist = f.As(Api.Flori, "specialist", "pedro");
        var calendar = Lifecycle.Lifecycle.Calendar;
        var zone = Lifecycle.Lifecycle.Bogota;
        var (id, classified) = await specialist.Classified("information-request", Lifecycle.Lifecycle.At(f.NextBusinessMorning()));
        var oldDue = classified.Date("dueDate")!.Value;

        // Warned for the information request's 10-business-day term…
        f.AdvanceToAtLeast(DeadlineCheck.WarningAt(oldDue, 3, calendar, zone));
        await Sweeps.UntilAsync(() => Types(id), t => t.Contains("DeadlineWarningRaised"), "the warning of the first type's due date");

        // …then retyped as a petition: 15 business days from the same receipt.
        var retyped = await specialist.Do(id, "classify", new { type = "petition" });
        var newDue = retyped.Date("dueDate")!.Value;
        Assert.Equal(calendar.AddBusinessDays(oldDue, 5), newDue);
        var (warnAt, breachAt) = (DeadlineCheck.WarningAt(newDue, 3, calendar, zone), DeadlineCheck.BreachAt(newDue, zone));
        Assert.Equal([("deadline-warning", warnAt), ("deadline-breach", breachAt)], await Upcoming(id));

        // The old due date's day ends with nothing to record.
        f.AdvanceToAtLeast(DeadlineCheck.BreachAt(oldDue, zone));
        await Swept();
        Assert.Equal([("DeadlineWarningRaised", oldDue)], await DeadlineEvents(id));

        f.AdvanceToAtLeast(warnAt);
        await Sweeps.UntilAsync(() => Types(id), t => Count(t, "DeadlineWarningRaised") == 2, "the warning of the new due date");
        f.AdvanceToAtLeast(breachAt);
        await Sweeps.UntilAsync(() => Types(id), t => t.Contains("DeadlineBreached"), "the breach of the new due date");
        await Swept();
        Assert.Equal([("DeadlineWarningRaised", oldDue), ("DeadlineWarningRaised", newDue), ("DeadlineBreached", newDue)], await DeadlineEvents(id));
        Assert.True((await specialist.View(id)).GetProperty("overdue").GetBoolean());
    }

    [Fact]
    public async Task Reclassifying_as_not_competent_cancels_the_answers_breach_and_starts_the_referrals()
    {
        var specialist = f.As(Api.Flori, "specialist", "pedro");
        var zone = Lifecycle.Lifecycle.Bogota;
        var (id, classified) = await specialist.Classified("information-request", Lifecycle.Lifecycle.At(f.NextBusinessMorning()));
        var due = classified.Date("dueDate")!.Value;
        await specialist.Do(id, "classify", new { type = "information-request", competent = false });
        var referralDue = (await specialist.View(id)).Date("referralDueDate")!.Value;
        Assert.Equal([("referral-breach", DeadlineCheck.BreachAt(referralDue, zone))], await Upcoming(id));

        f.AdvanceToAtLeast(DeadlineCheck.BreachAt(due, zone));
        await Sweeps.UntilAsync(() => Types(id), t => t.Contains("DeadlineBreached"), "the referral breach");
        await Swept();
        Assert.Equal([("DeadlineBreached", referralDue)], await DeadlineEvents(id));
        Assert.Equal("referral", Assert.Single((await specialist.View(id)).GetProperty("breaches").EnumerateArray()).Str("kind"));
    }

    [Fact]
    public async Task A_request_for_completion_suspends_the_pending_breach_and_completing_sets_them_for_the_resumed_due_date()
    {
        var specialist = f.As(Api.Flori, "specialist", "pedro");
        var calendar = Lifecycle.Lifecycle.Calendar;
        var zone = Lifecycle.Lifecycle.Bogota;
        var (id, classified) = await specialist.Classified("information-request", Lifecycle.Lifecycle.At(f.NextBusinessMorning()));
        var due = classified.Date("dueDate")!.Value;

        f.AdvanceToAtLeast(DeadlineCheck.WarningAt(due, 3, calendar, zone));
        await Sweeps.UntilAsync(() => Types(id), t => t.Contains("DeadlineWarningRaised"), "the warning");
        var suspended = await specialist.Do(id, "request-completion", new { missing = "Copia de la cédula." });
        Assert.Equal("awaiting-completion", suspended.Str("status"));
        Assert.Empty(await Upcoming(id));

        // Suspended (art. 17): the due date's day ends, and days after it, with no breach.
        f.AdvanceToAtLeast(DeadlineCheck.BreachAt(due, zone).AddDays(3));
        await Swept();
        await Swept();
        Assert.Equal([("DeadlineWarningRaised", due)], await DeadlineEvents(id));
        Assert.False((await specialist.View(id)).GetProperty("overdue").GetBoolean());

        // Completed: the days that were left run again from the next business day, and so do the warning and the breach.
        var resumed = await specialist.Do(id, "completed", new { });
        var newDue = resumed.Date("dueDate")!.Value;
        Assert.True(newDue > due);
        Assert.Contains(("deadline-breach", DeadlineCheck.BreachAt(newDue, zone)), await Upcoming(id));
        await Sweeps.UntilAsync(() => Types(id), t => Count(t, "DeadlineWarningRaised") == 2, "the warning of the resumed due date");
        f.AdvanceToAtLeast(DeadlineCheck.BreachAt(newDue, zone));
        await Sweeps.UntilAsync(() => Types(id), t => t.Contains("DeadlineBreached"), "the breach of the resumed due date");
        await Swept();
        Assert.Equal([("DeadlineWarningRaised", due), ("DeadlineWarningRaised", newDue), ("DeadlineBreached", newDue)], await DeadlineEvents(id));
    }

    [Fact]
    public async Task An_answered_or_closed_case_is_never_breached()
    {
        var specialist = f.As(Api.Flori, "specialist", "pedro");
        var start = f.NextBusinessMorning();
        var (answered, a) = await specialist.Classified("information-request", Lifecycle.Lifecycle.At(start));
        var (closed, _) = await specialist.Classified("information-request", Lifecycle.Lifecycle.At(start));
        await specialist.Do(answered, "respond", new { text = "Adjuntamos la información solicitada.", channel = "email" });
        await f.As(Api.Flori, "supervisor", "jefa").Do(closed, "close", new { reason = "duplicate", note = "Igual al radicado anterior." });

        f.AdvanceToAtLeast(DeadlineCheck.BreachAt(a.Date("dueDate")!.Value, Lifecycle.Lifecycle.Bogota).AddDays(1));
        await Swept();
        await Swept();
        foreach (var id in new[] { answered, closed })
        {
            var types = await Types(id);
            Assert.DoesNotContain("DeadlineBreached", types);
            Assert.DoesNotContain("DeadlineWarningRaised", types);
        }
    }

    [Fact]
    public async Task A_matter_of_another_entity_not_referred_within_five_business_days_is_breached_as_a_referral_and_a_referred_one_is_not()
    {
        var specialist = f.As(Api.Flori, "specialist", "pedro");
        var start = f.NextBusinessMorning();
        var late = await specialist.Open(Lifecycle.Lifecycle.At(start));
        await specialist.Do(late, "classify", new { type = "petition", competent = false });
        var referredInTime = await specialist.Open(Lifecycle.Lifecycle.At(start));
        await specialist.Do(referredInTime, "classify", new { type = "petition", competent = false });
        await specialist.Do(referredInTime, "refer", new { entity = "Superintendencia de Industria y Comercio", reason = "Protección al consumidor." });

        var view = await specialist.View(late);
        Assert.False(view.GetProperty("competent").GetBoolean());
        var referralDue = view.Date("referralDueDate")!.Value;
        Assert.Equal(Lifecycle.Lifecycle.Calendar.AddBusinessDays(view.Date("legalReceiptDate")!.Value, 5), referralDue);

        f.AdvanceToAtLeast(DeadlineCheck.BreachAt(referralDue, Lifecycle.Lifecycle.Bogota).AddMinutes(-1));
        await Swept();
        Assert.DoesNotContain("DeadlineBreached", await Types(late));

        f.AdvanceToAtLeast(DeadlineCheck.BreachAt(referralDue, Lifecycle.Lifecycle.Bogota));
        await Sweeps.UntilAsync(() => Types(late), t => t.Contains("DeadlineBreached"), "the referral breach");
        await Swept();
        var after = await specialist.View(late);
        var breach = Assert.Single(after.GetProperty("breaches").EnumerateArray());
        Assert.Equal("referral", breach.Str("kind"));
        Assert.True(after.GetProperty("overdue").GetBoolean());
        // Not its competence: no warning about the answer's term, which is the competent entity's to meet.
        Assert.DoesNotContain("DeadlineWarningRaised", await Types(late));
        Assert.DoesNotContain("DeadlineBreached", await Types(referredInTime));
    }

    [Fact]
    public async Task The_sweep_run_twice_at_once_appends_each_deadline_event_once()
    {
        var specialist = f.As(Api.Flori, "specialist", "pedro");
        var start = f.NextBusinessMorning();
        var ids = new List<Guid>();
        DateOnly due = default;
        for (var i = 0; i < 5; i++)
        {
            var (id, c) = await specialist.Classified("information-request", Lifecycle.Lifecycle.At(start));
            ids.Add(id);
            due = c.Date("dueDate")!.Value;
        }
        var sweep = f.Host.Services.GetRequiredService<DeadlineSweep>();
        f.AdvanceToAtLeast(DeadlineCheck.BreachAt(due, Lifecycle.Lifecycle.Bogota));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => sweep.RunAsync(default))));
        await Swept();
        foreach (var id in ids)
        {
            var types = await Types(id);
            Assert.Equal(1, Count(types, "DeadlineBreached"));
            // Past the due date a warning has nothing left to warn about: the breach alone is recorded.
            Assert.Equal(0, Count(types, "DeadlineWarningRaised"));
        }
    }
}
