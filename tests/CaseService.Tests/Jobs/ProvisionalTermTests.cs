using System.Text.Json;
using Atencion.CaseService.Inbound;
using Atencion.CaseService.Jobs;
using Atencion.CaseService.Tests.Chat;
using Atencion.CaseService.Tests.Email;
using Atencion.CaseService.Tests.Inbound;
using Atencion.CaseService.Tests.Lifecycle;
using Atencion.CaseService.Tests.Staff;
using Atencion.Domain.Cases;

namespace Atencion.CaseService.Tests.Jobs;

/// <summary>The scheduler running as in <see cref="JobsFixture"/>, and Floridablanca's inbound mail gateway secret.</summary>
public sealed class ProvisionalTermFixture() : JobsFixture(new Dictionary<string, string>
{
    [InboundSignature.SecretKey(Api.Flori)] = InboundApi.FloriSecret,
});

/// <summary>
/// The general term (Ley 1755 art. 14: 15 business days from the legal receipt date) runs from receipt for a case opened
/// without a type: it gets a provisional due date, the deadline sweep warns and breaches on it, <c>jobs/upcoming</c> lists
/// it, and classifying the case replaces it with the type's own term.
/// </summary>
public sealed class ProvisionalTermTests(ProvisionalTermFixture f) : IClassFixture<ProvisionalTermFixture>
{
    private static readonly TimeZoneInfo Zone = Lifecycle.Lifecycle.Bogota;

    private Task<List<(string Type, DateOnly Due)>> DeadlineEvents(Guid id) => f.DeadlineEventsAsync(id);

    private Task<List<(string Kind, DateTimeOffset At)>> Upcoming(Guid id) => f.UpcomingFor(id);

    private async Task<JsonElement> Row(Guid id, string query = "")
    {
        await f.ProjectionsCaughtUpAsync();
        var response = await f.As(Api.Flori, "supervisor", "jefa").Scenario(x =>
        {
            x.Get.Url($"/api/{Api.Flori}/cases?pageSize=200{query}");
            x.StatusCodeShouldBeOk();
        });
        return response.Json().GetProperty("items").EnumerateArray().FirstOrDefault(i => i.GetProperty("id").GetGuid() == id);
    }

    /// <summary>15 business days after the day it was received (a business day here).</summary>
    private static DateOnly GeneralTermDue(DateOnly received) => Lifecycle.Lifecycle.Calendar.AddBusinessDays(received, 15);

    [Fact]
    public async Task An_email_left_unclassified_is_warned_three_business_days_before_the_general_term_ends_and_breached_after_it()
    {
        var received = f.NextBusinessMorning();
        var id = await f.GivenDeliveredEmail(InboundApi.Email(subject: "Queja por demora"));
        var advisor = f.As(Api.Flori, "advisor", "ana");
        var due = GeneralTermDue(received);

        var view = await advisor.View(id);
        Assert.Equal("open", view.Str("status"));
        Assert.True(view.IsNull("type"));
        Assert.Equal(due, view.Date("dueDate"));
        Assert.True(view.GetProperty("dueDateProvisional").GetBoolean());
        Assert.Equal(15, view.GetProperty("daysLeft").GetInt32());
        var row = await Row(id);
        Assert.Equal(due, row.Date("dueDate"));
        Assert.True(row.GetProperty("dueDateProvisional").GetBoolean());
        var (warnAt, breachAt) = (DeadlineCheck.WarningAt(due, 3, Lifecycle.Lifecycle.Calendar, Zone), DeadlineCheck.BreachAt(due, Zone));
        Assert.Equal([("deadline-warning", warnAt), ("deadline-breach", breachAt)], await Upcoming(id));

        f.AdvanceToAtLeast(warnAt.AddMinutes(-1));
        await f.Host.RunsAsync(DeadlineSweep.JobName);
        Assert.Empty(await DeadlineEvents(id));
        f.AdvanceToAtLeast(warnAt);
        await Sweeps.UntilAsync(() => DeadlineEvents(id), e => e.Count > 0, "the warning of the general term");
        Assert.Equal([("DeadlineWarningRaised", due)], await DeadlineEvents(id));
        Assert.Equal([("deadline-breach", breachAt)], await Upcoming(id));

        f.AdvanceToAtLeast(breachAt.AddMinutes(-1));
        await f.Host.RunsAsync(DeadlineSweep.JobName);
        Assert.False((await advisor.View(id)).GetProperty("overdue").GetBoolean());
        f.AdvanceToAtLeast(breachAt);
        await Sweeps.UntilAsync(() => DeadlineEvents(id), e => e.Count > 1, "the breach of the general term");
        await f.Host.RunsAsync(DeadlineSweep.JobName);
        Assert.Equal([("DeadlineWarningRaised", due), ("DeadlineBreached", due)], await DeadlineEvents(id));

        view = await advisor.View(id);
        Assert.True(view.GetProperty("overdue").GetBoolean());
        Assert.Equal("response", Assert.Single(view.GetProperty("breaches").EnumerateArray()).Str("kind"));
        Assert.True((await Row(id, "&overdue=true")).GetProperty("overdue").GetBoolean());
        Assert.Equal(JsonValueKind.Undefined, (await Row(id, "&overdue=false")).ValueKind);
        Assert.Empty(await Upcoming(id));

        // Classified at last as a petition: the same term, already warned and breached, so nothing is recorded twice.
        var classified = await advisor.Do(id, "classify", new { type = "petition" });
        Assert.Equal(due, classified.Date("dueDate"));
        await f.Host.RunsAsync(DeadlineSweep.JobName);
        Assert.Equal([("DeadlineWarningRaised", due), ("DeadlineBreached", due)], await DeadlineEvents(id));
        Assert.False((await advisor.View(id)).GetProperty("dueDateProvisional").GetBoolean());
    }

    [Fact]
    public async Task A_phone_case_classified_meanwhile_follows_its_types_term_instead()
    {
        var received = f.NextBusinessMorning();
        var advisor = f.As(Api.Flori, "advisor", "ana");
        var id = await advisor.CreateCase(Api.Flori, Api.NewCase("phone"));
        var general = GeneralTermDue(received);
        Assert.Equal(general, (await advisor.View(id)).Date("dueDate"));

        f.AdvanceBusinessDays(received, 2);
        var classified = await advisor.Do(id, "classify", new { type = "information-request" });
        var due = Lifecycle.Lifecycle.Calendar.AddBusinessDays(received, 10);
        Assert.Equal(due, classified.Date("dueDate"));
        var view = await advisor.View(id);
        Assert.Equal(due, view.Date("dueDate"));
        Assert.False(view.GetProperty("dueDateProvisional").GetBoolean());
        var (warnAt, breachAt) = (DeadlineCheck.WarningAt(due, 3, Lifecycle.Lifecycle.Calendar, Zone), DeadlineCheck.BreachAt(due, Zone));
        Assert.Equal([("deadline-warning", warnAt), ("deadline-breach", breachAt)], await Upcoming(id));

        f.AdvanceToAtLeast(warnAt);
        await Sweeps.UntilAsync(() => DeadlineEvents(id), e => e.Count > 0, "the warning of the information request's term");
        f.AdvanceToAtLeast(breachAt);
        await Sweeps.UntilAsync(() => DeadlineEvents(id), e => e.Count > 1, "the breach of the information request's term");
        // Past the general term too: nothing about it is ever recorded.
        f.AdvanceToAtLeast(DeadlineCheck.BreachAt(general, Zone));
        await f.Host.RunsAsync(DeadlineSweep.JobName);
        Assert.Equal([("DeadlineWarningRaised", due), ("DeadlineBreached", due)], await DeadlineEvents(id));
    }

    [Fact]
    public async Task A_live_chat_and_an_orientation_run_no_term()
    {
        f.NextBusinessMorning();
        var advisor = f.As(Api.Flori, "advisor", "ana");
        var orientation = await advisor.CreateCase(Api.Flori, Api.NewCase("phone"));
        Assert.NotNull((await advisor.View(orientation)).Date("dueDate"));
        await advisor.Do(orientation, "classify", new { type = "orientation" });
        var oriented = await advisor.View(orientation);
        Assert.True(oriented.IsNull("dueDate"));
        Assert.False(oriented.GetProperty("dueDateProvisional").GetBoolean());
        Assert.Empty(await Upcoming(orientation));

        await f.MarkPresent(Api.Tenjo, "asesor");
        var chat = await f.StartChat(Api.Tenjo);
        Assert.Equal("live", chat.Mode);
        var chatView = await f.As(Api.Tenjo, "advisor", "asesor").View(chat.CaseId, Api.Tenjo);
        Assert.True(chatView.IsNull("dueDate"));
        Assert.False(chatView.GetProperty("dueDateProvisional").GetBoolean());
    }

    [Fact]
    public async Task A_live_chat_that_ends_with_the_citizen_gone_runs_the_general_term_again()
    {
        f.NextBusinessMorning();
        await f.MarkPresent(Api.Tenjo, "asesor");
        var chat = await f.StartChat(Api.Tenjo);
        Assert.Equal("live", chat.Mode);
        var advisor = f.As(Api.Tenjo, "advisor", "asesor");
        Assert.True((await advisor.View(chat.CaseId, Api.Tenjo)).IsNull("dueDate"));
        var opened = (await f.Events(chat.CaseId, "CaseOpened", Api.Tenjo)).Single();
        var due = DateOnly.Parse(opened.GetProperty("provisionalDueDate").GetString()!);

        // Nobody answers; the citizen goes silent and the idle job closes the chat.
        f.Time.Advance(TimeSpan.FromSeconds(125));
        var view = await Sweeps.UntilAsync(() => advisor.View(chat.CaseId, Api.Tenjo),
            v => v.GetProperty("chat").Str("status") == "closed", "the idle close");
        Assert.Equal("inactivity", view.GetProperty("chat").Str("closedReason"));
        Assert.Equal("open", view.Str("status"));
        Assert.Equal(due, view.Date("dueDate"));
        Assert.True(view.GetProperty("dueDateProvisional").GetBoolean());

        // The question is still owed an answer: the deadline sweep warns on the general term.
        f.AdvanceToAtLeast(DeadlineCheck.WarningAt(due, 3, Lifecycle.Lifecycle.Calendar, Zone));
        await Sweeps.UntilAsync(() => DeadlineEvents(chat.CaseId), e => e.Count > 0, "the warning of the general term");
        Assert.Equal([("DeadlineWarningRaised", due)], await DeadlineEvents(chat.CaseId));
    }
}
