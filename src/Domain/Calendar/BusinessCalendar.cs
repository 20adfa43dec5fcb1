using System.Collections.Frozen;

namespace Atencion.Domain.Calendar;

/// <summary>An entity's business days: Monday to Friday, minus Colombian national holidays, minus the entity's local non-working days.</summary>
public sealed class BusinessCalendar
{
    /// <summary>A calendar with national holidays only and no local non-working days.</summary>
    public static BusinessCalendar National { get; } = new([]);

    /// <summary>Creates a calendar that also closes on <paramref name="localNonWorkingDays"/> (municipal holidays, closures).</summary>
    public BusinessCalendar(IEnumerable<DateOnly> localNonWorkingDays)
    {
        LocalNonWorkingDays = localNonWorkingDays.ToFrozenSet();
    }

    /// <summary>The entity's own non-working days, on top of weekends and national holidays.</summary>
    public IReadOnlySet<DateOnly> LocalNonWorkingDays { get; }

    /// <summary>Tells whether <paramref name="date"/> is a national holiday or one of the local non-working days, whatever its weekday.</summary>
    public bool IsHoliday(DateOnly date) =>
        LocalNonWorkingDays.Contains(date) || ColombianHolidays.IsHoliday(date);

    /// <summary>Tells whether <paramref name="date"/> is a business day.</summary>
    public bool IsBusinessDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(date);

    /// <summary>Returns the first business day strictly after <paramref name="date"/>.</summary>
    public DateOnly NextBusinessDay(DateOnly date)
    {
        var next = date.AddDays(1);
        while (!IsBusinessDay(next))
        {
            next = next.AddDays(1);
        }
        return next;
    }

    /// <summary>Returns the date a request received at <paramref name="receivedAt"/> counts as received: its local date in <paramref name="zone"/> if that is a business day, else the next business day.</summary>
    public DateOnly LegalReceiptDate(DateTimeOffset receivedAt, TimeZoneInfo zone)
    {
        var local = EntityTimeZone.LocalDate(receivedAt, zone);
        return IsBusinessDay(local) ? local : NextBusinessDay(local);
    }

    /// <summary>Returns the <paramref name="businessDays"/>-th business day after <paramref name="legalReceiptDate"/>; day 1 is the first business day after it, and 0 returns the date itself.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="businessDays"/> is negative.</exception>
    public DateOnly AddBusinessDays(DateOnly legalReceiptDate, int businessDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(businessDays);
        var date = legalReceiptDate;
        for (int counted = 0; counted < businessDays; counted++)
        {
            date = NextBusinessDay(date);
        }
        return date;
    }

    /// <summary>Counts the business days in the half-open range (<paramref name="from"/>, <paramref name="to"/>]: after <paramref name="from"/>, up to and including <paramref name="to"/>; 0 when <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    /// <remarks>
    /// Mirrors <see cref="AddBusinessDays"/>: <c>BusinessDaysBetween(r, AddBusinessDays(r, n)) == n</c>. So with
    /// <c>from</c> = today and <c>to</c> = the due date it gives the business days left (0 on the due date itself),
    /// and with <c>from</c> = the legal receipt date and <c>to</c> = the answer date it gives the response time.
    /// </remarks>
    public int BusinessDaysBetween(DateOnly from, DateOnly to)
    {
        int count = 0;
        for (var date = from.AddDays(1); date <= to; date = date.AddDays(1))
        {
            if (IsBusinessDay(date))
            {
                count++;
            }
        }
        return count;
    }
}
