using Atencion.Domain.Calendar;

namespace Atencion.Domain.Cases;

/// <summary>What legal-term decisions need to know about time: now, the entity's zone and business days, and its shorter terms.</summary>
/// <param name="Now">The current instant.</param>
/// <param name="Zone">The entity's time zone.</param>
/// <param name="Calendar">The entity's business days.</param>
/// <param name="TermOverrides">The entity's shorter terms per type.</param>
public sealed record CaseClock(DateTimeOffset Now, TimeZoneInfo Zone, BusinessCalendar Calendar, IReadOnlyDictionary<PqrsdType, int> TermOverrides)
{
    /// <summary>Today in the entity's time zone.</summary>
    public DateOnly Today => EntityTimeZone.LocalDate(Now, Zone);

    /// <summary>The business days from today to a due date: positive while it is ahead, 0 on the day, negative once past.</summary>
    public int DaysLeft(DateOnly dueDate) =>
        dueDate >= Today ? Calendar.BusinessDaysBetween(Today, dueDate) : -Calendar.BusinessDaysBetween(dueDate, Today);
}
