namespace Atencion.Domain.Calendar;

/// <summary>An entity's weekly office or chat hours in its own time zone, closed on national holidays and its local non-working days.</summary>
/// <remarks>
/// Ranges may include weekends (some offices open on Saturdays); only holidays and local non-working days
/// close an otherwise open day. Invalid ranges are kept as given so that <see cref="Validate"/> can report them.
/// </remarks>
public sealed class WeeklyHours
{
    // Three years is far more than any real calendar closes in a row; it only guards against endless search.
    private const int MaxDaysSearched = 3 * 366;

    /// <summary>Creates weekly hours from <paramref name="ranges"/>, closed on <paramref name="calendar"/>'s holidays, in <paramref name="zone"/>.</summary>
    public WeeklyHours(IEnumerable<OpeningRange> ranges, BusinessCalendar calendar, TimeZoneInfo zone)
    {
        Ranges = ranges.OrderBy(r => ((int)r.Day + 6) % 7).ThenBy(r => r.From).ThenBy(r => r.To).ToArray();
        Calendar = calendar;
        Zone = zone;
    }

    /// <summary>The opening ranges, ordered from Monday to Sunday and by opening time.</summary>
    public IReadOnlyList<OpeningRange> Ranges { get; }

    /// <summary>The calendar whose holidays and local non-working days close the hours.</summary>
    public BusinessCalendar Calendar { get; }

    /// <summary>The time zone the ranges are expressed in.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>Parses hours written like "mon-fri 08:00-12:00, 14:00-16:00; sat 09:00-12:00" (English or Spanish day abbreviations).</summary>
    /// <exception cref="FormatException">The text does not follow that format; the message, in Spanish, says where.</exception>
    public static WeeklyHours Parse(string text, BusinessCalendar calendar, TimeZoneInfo zone) =>
        new(WeeklyHoursText.ParseRanges(text), calendar, zone);

    /// <summary>Returns what is wrong with the ranges (a range that does not end after it starts, ranges that overlap), in Spanish; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var range in Ranges.Where(r => r.From >= r.To))
        {
            errors.Add($"El horario {range} debe terminar después de empezar.");
        }
        var wellFormed = Ranges.Where(r => r.From < r.To).ToArray();
        for (int i = 0; i < wellFormed.Length; i++)
        {
            for (int j = i + 1; j < wellFormed.Length; j++)
            {
                if (wellFormed[i].Overlaps(wellFormed[j]))
                {
                    errors.Add($"Los horarios {wellFormed[i]} y {wellFormed[j]} se superponen.");
                }
            }
        }
        return errors;
    }

    /// <summary>Tells whether the hours are open at <paramref name="instant"/>.</summary>
    public bool IsOpen(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Zone).DateTime;
        var date = DateOnly.FromDateTime(local);
        var time = TimeOnly.FromDateTime(local);
        return !Calendar.IsHoliday(date)
            && Ranges.Any(r => r.Day == date.DayOfWeek && r.Contains(time));
    }

    /// <summary>Returns the first instant strictly after <paramref name="after"/> at which the hours open, skipping holidays; null when there are no ranges.</summary>
    /// <remarks>A range that starts exactly where another ends on the same day continues an opening rather than starting one.</remarks>
    public DateTimeOffset? NextOpening(DateTimeOffset after)
    {
        if (Ranges.Count == 0)
        {
            return null;
        }
        var start = EntityTimeZone.LocalDate(after, Zone);
        for (int offset = 0; offset <= MaxDaysSearched; offset++)
        {
            var date = start.AddDays(offset);
            if (Calendar.IsHoliday(date))
            {
                continue;
            }
            foreach (var opensAt in OpeningTimes(date.DayOfWeek))
            {
                var instant = EntityTimeZone.Instant(date, opensAt, Zone);
                if (instant > after)
                {
                    return instant;
                }
            }
        }
        return null;
    }

    private IEnumerable<TimeOnly> OpeningTimes(DayOfWeek day)
    {
        var ofDay = Ranges.Where(r => r.Day == day && r.From < r.To).ToArray();
        return ofDay
            .Where(r => !ofDay.Any(other => other.From < r.From && r.From <= other.To))
            .Select(r => r.From)
            .Distinct()
            .Order();
    }
}
