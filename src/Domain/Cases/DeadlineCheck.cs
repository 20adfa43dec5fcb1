using Atencion.Domain.Calendar;

namespace Atencion.Domain.Cases;

/// <summary>The deadline rules a scheduled job applies to one case: warn before the due date, record a breach once its day ended, and the same for the referral deadline.</summary>
/// <remarks>A breach is recorded on the conditions that make the case <see cref="Overdue"/>, once per due date.</remarks>
/// <remarks>
/// Decided from the case's state and the clock only, so a job that fires twice (or on two nodes) finds nothing left to
/// do the second time: each warning is raised once per due date and each breach once, and an extension, a new
/// classification, an answer or a closing changes the state the next check reads.
/// </remarks>
public static class DeadlineCheck
{
    /// <summary>The business days before the due date a warning is raised, unless configured otherwise.</summary>
    public const int DefaultWarningBusinessDays = 3;

    /// <summary>The events the deadlines of <paramref name="c"/> call for now.</summary>
    public static IReadOnlyList<ICaseEvent> Decide(Case c, CaseClock clock, int warningBusinessDays = DefaultWarningBusinessDays)
    {
        var events = new List<ICaseEvent>();
        if (c.Competent && Overdue.TermRunning(c.Status, c.DueDate) && c.DueDate is { } due)
        {
            if (clock.Today > due)
            {
                if (c.BreachedFor != due) events.Add(new DeadlineBreached(DeadlineKind.Response, due, c.Assignee));
            }
            else if (c.WarnedFor != due && clock.DaysLeft(due) <= warningBusinessDays)
            {
                events.Add(new DeadlineWarningRaised(due, clock.DaysLeft(due), c.Assignee));
            }
        }
        if (!c.ReferralBreached && Overdue.Referral(c.Status, c.Competent, c.Referred, c.ReferralDueDate, clock.Today))
            events.Add(new DeadlineBreached(DeadlineKind.Referral, c.ReferralDueDate!.Value, c.Assignee));
        return events;
    }

    /// <summary>The instant the warning for a due date is due: the start (local midnight) of the business day that many business days before it.</summary>
    public static DateTimeOffset WarningAt(DateOnly due, int warningBusinessDays, BusinessCalendar calendar, TimeZoneInfo zone)
    {
        var day = due;
        for (var left = warningBusinessDays; left > 0;)
        {
            day = day.AddDays(-1);
            if (calendar.IsBusinessDay(day)) left--;
        }
        return EntityTimeZone.Instant(day, TimeOnly.MinValue, zone);
    }

    /// <summary>The instant a due date is breached: the end of its day (the next local midnight).</summary>
    public static DateTimeOffset BreachAt(DateOnly due, TimeZoneInfo zone) => EntityTimeZone.Instant(due.AddDays(1), TimeOnly.MinValue, zone);
}
