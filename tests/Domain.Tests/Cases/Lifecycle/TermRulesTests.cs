using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;
using Atencion.Domain.Common;
using static Atencion.Domain.Tests.Cases.Lifecycle.CaseScenario;

namespace Atencion.Domain.Tests.Cases.Lifecycle;

public sealed class TermRulesTests
{
    // Received Monday 2026-03-02: 15 business days, skipping San José (moved to Monday 23 March), end on Tuesday 24.
    private static readonly DateTimeOffset Received = At(2026, 3, 2);

    [Fact]
    public void The_due_date_skips_saint_josephs_monday()
    {
        Assert.True(ColombianHolidays.IsHoliday(new DateOnly(2026, 3, 23)));
        Assert.Equal(new DateOnly(2026, 3, 24), Filed(Received).DueDate);
    }

    [Fact]
    public void An_extension_before_the_due_date_within_twice_the_term_is_accepted_once()
    {
        var c = Filed(Received);
        var now = At(2026, 3, 20);
        var extended = (DeadlineExtended)new Extend("Se requiere concepto técnico", new DateOnly(2026, 4, 14)).Decide(c, Clock(now)).Single();
        Assert.Equal(new DateOnly(2026, 3, 24), extended.PreviousDueDate);

        var again = c.Then([extended], now);
        Assert.Equal(new DateOnly(2026, 4, 14), again.DueDate);
        Assert.Throws<TermRuleViolated>(() => new Extend("otra vez", new DateOnly(2026, 4, 15)).Decide(again, Clock(now)));
    }

    [Fact]
    public void An_extension_may_not_exceed_twice_the_original_term_counted_from_receipt()
    {
        // 30 business days from 2026-03-02, skipping San José and Holy Thursday/Friday: 2026-04-16.
        var max = LegalTerms.MaxExtendedDueDate(BusinessCalendar.National, PqrsdType.Petition, new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 2));
        Assert.Equal(new DateOnly(2026, 4, 16), max);
        var c = Filed(Received);
        new Extend("ok", max).Decide(c, Clock(At(2026, 3, 10)));
        var e = Assert.Throws<TermRuleViolated>(() => new Extend("too far", new DateOnly(2026, 4, 17)).Decide(c, Clock(At(2026, 3, 10))));
        Assert.Contains("2026-04-16", e.Message);
    }

    [Fact]
    public void An_extension_after_the_term_expired_is_refused()
    {
        var c = Filed(Received);
        var e = Assert.Throws<TermRuleViolated>(() => new Extend("tarde", new DateOnly(2026, 4, 10)).Decide(c, Clock(At(2026, 3, 25))));
        Assert.Contains("expired", e.Message);
    }

    [Fact]
    public void An_extension_to_a_holiday_or_not_after_the_due_date_is_refused()
    {
        var c = Filed(Received);
        Assert.Throws<TermRuleViolated>(() => new Extend("festivo", new DateOnly(2026, 4, 3)).Decide(c, Clock(At(2026, 3, 10))));
        Assert.Throws<TermRuleViolated>(() => new Extend("antes", new DateOnly(2026, 3, 20)).Decide(c, Clock(At(2026, 3, 10))));
    }

    [Fact]
    public void A_referral_within_five_business_days_is_on_time_and_later_is_marked_late()
    {
        var c = Filed(Received);
        var onTime = (CaseReferred)new Refer("Fiscalía General de la Nación", "Delito").Decide(c, Clock(At(2026, 3, 9))).First();
        Assert.Equal(new DateOnly(2026, 3, 9), onTime.DueDate);
        Assert.False(onTime.Late);
        var late = new Refer("Fiscalía", "Delito").Decide(c, Clock(At(2026, 3, 10)));
        Assert.True(((CaseReferred)late[0]).Late);
        Assert.Equal(new CaseClosed(CloseReason.Referred, null), late[1]);
        var referred = c.Then(late, At(2026, 3, 10));
        Assert.Throws<RuleViolated>(() => new Refer("otra", "x").Decide(referred, Clock(At(2026, 3, 10))));
    }

    [Fact]
    public void Completion_suspends_the_term_and_resumes_it_with_the_days_that_were_left()
    {
        var c = Filed(Received);
        var asked = At(2026, 3, 5);
        var requested = (CompletionRequested)new RequestCompletion("Copia de la cédula").Decide(c, Clock(asked)).Single();
        Assert.Equal(12, requested.BusinessDaysLeft); // 3-5 → 3-24 skipping the 23rd: 6,9,10,11,12,13,16,17,18,19,20,24
        var suspended = c.Then([requested], asked);
        Assert.Equal(CaseStatus.AwaitingCompletion, suspended.Status);
        Assert.Throws<RuleViolated>(() => new Extend("x", new DateOnly(2026, 4, 1)).Decide(suspended, Clock(asked)));
        Assert.Throws<RuleViolated>(() => new RequestCompletion("otra").Decide(suspended, Clock(asked)));

        var resumed = (CompletionReceived)CompleteRequest.Decide(suspended, Clock(At(2026, 4, 1))).Single();
        Assert.Equal(new DateOnly(2026, 4, 21), resumed.NewDueDate); // 12 business days after Wednesday 1 April, skipping Holy Thursday/Friday
        Assert.Throws<RuleViolated>(() => CompleteRequest.Decide(c, Clock(At(2026, 4, 1))));
    }

    [Fact]
    public void Completion_may_be_requested_only_within_ten_business_days_of_filing()
    {
        var c = Filed(Received);
        new RequestCompletion("x").Decide(c, Clock(At(2026, 3, 16)));
        Assert.Throws<TermRuleViolated>(() => new RequestCompletion("x").Decide(c, Clock(At(2026, 3, 17))));
    }

    [Fact]
    public void Tacit_withdrawal_only_after_a_month_awaiting_completion()
    {
        var asked = At(2026, 3, 5);
        var suspended = Filed(Received).Then(new RequestCompletion("x").Decide(Filed(Received), Clock(asked)), asked);
        Assert.Throws<RuleViolated>(() => new Close(CloseReason.TacitWithdrawal, null).Decide(suspended, Clock(asked.AddDays(29))));
        var closed = new Close(CloseReason.TacitWithdrawal, null).Decide(suspended, Clock(asked.AddDays(30))).Single();
        Assert.Equal(CloseReason.TacitWithdrawal, ((CaseClosed)closed).Reason);
    }

    [Fact]
    public void The_citizen_may_get_one_more_month_to_complete_the_petition()
    {
        var asked = At(2026, 3, 5);
        var suspended = Filed(Received).Then(new RequestCompletion("x").Decide(Filed(Received), Clock(asked)), asked);
        var extended = suspended.Then(new ExtendCompletionPeriod("Solicitó más tiempo por escrito").Decide(suspended), asked.AddDays(20));
        Assert.Throws<TermRuleViolated>(() => new ExtendCompletionPeriod("otra").Decide(extended));
        Assert.Throws<RuleViolated>(() => new Close(CloseReason.TacitWithdrawal, null).Decide(extended, Clock(asked.AddDays(45))));
        new Close(CloseReason.TacitWithdrawal, null).Decide(extended, Clock(asked.AddDays(60)));
        Assert.Throws<RuleViolated>(() => new ExtendCompletionPeriod("x").Decide(Filed(Received)));
    }

    [Fact]
    public void An_answer_on_the_due_date_is_on_time_and_the_next_day_is_late()
    {
        var c = Filed(Received);
        var onTime = (ResponseIssued)new Respond("Respuesta", Channel.Email).Decide(c, Clock(At(2026, 3, 24, 17))).Single();
        Assert.True(onTime.OnTime);
        Assert.Equal(15, onTime.BusinessDays);
        var late = (ResponseIssued)new Respond("Respuesta", Channel.Email).Decide(c, Clock(At(2026, 3, 25))).Single();
        Assert.False(late.OnTime);
        Assert.Equal(16, late.BusinessDays);
    }

    [Fact]
    public void A_closed_case_refuses_work_and_reopens_to_where_it_was()
    {
        var c = Filed(Received);
        var answered = c.Then(new Respond("R", Channel.Email).Decide(c, Clock(At(2026, 3, 10))), At(2026, 3, 10));
        Assert.Throws<RuleViolated>(() => new Respond("again", Channel.Email).Decide(answered, Clock(At(2026, 3, 10))));
        var closed = answered.Then(new Close(CloseReason.Answered, null).Decide(answered, Clock(At(2026, 3, 11))), At(2026, 3, 11));
        Assert.Throws<RuleViolated>(() => new Refer("x", "y").Decide(closed, Clock(At(2026, 3, 11))));
        Assert.Throws<RuleViolated>(() => new Close(CloseReason.Duplicate, null).Decide(closed, Clock(At(2026, 3, 11))));
        var reopened = closed.Then(new Reopen("El ciudadano aportó pruebas").Decide(closed), At(2026, 3, 12));
        Assert.Equal(CaseStatus.Answered, reopened.Status);
        Assert.Throws<RuleViolated>(() => new Reopen("x").Decide(reopened));
    }

    [Fact]
    public void Closing_as_answered_needs_an_answer()
    {
        var c = Filed(Received);
        Assert.Throws<RuleViolated>(() => new Close(CloseReason.Answered, null).Decide(c, Clock(At(2026, 3, 10))));
        Assert.Throws<ValidationFailed>(() => new Close(CloseReason.Referred, null).Decide(c, Clock(At(2026, 3, 10))));
        Assert.Throws<ValidationFailed>(() => new Close(null, null).Decide(c, Clock(At(2026, 3, 10))));
    }
}
