using System.Globalization;

namespace Atencion.Domain.Calendar;

// The text form of WeeklyHours: "days time-time[, time-time]" entries separated by ';' or new lines, where
// days is "mon-fri", "sat" or "mon,wed,fri" in English or Spanish abbreviations.
internal static class WeeklyHoursText
{
    private static readonly IReadOnlyDictionary<string, DayOfWeek> Days = new Dictionary<string, DayOfWeek>
    {
        ["mon"] = DayOfWeek.Monday, ["tue"] = DayOfWeek.Tuesday, ["wed"] = DayOfWeek.Wednesday,
        ["thu"] = DayOfWeek.Thursday, ["fri"] = DayOfWeek.Friday, ["sat"] = DayOfWeek.Saturday,
        ["sun"] = DayOfWeek.Sunday,
        ["lun"] = DayOfWeek.Monday, ["mar"] = DayOfWeek.Tuesday, ["mie"] = DayOfWeek.Wednesday,
        ["mié"] = DayOfWeek.Wednesday, ["jue"] = DayOfWeek.Thursday, ["vie"] = DayOfWeek.Friday,
        ["sab"] = DayOfWeek.Saturday, ["sáb"] = DayOfWeek.Saturday, ["dom"] = DayOfWeek.Sunday,
    };

    public static IReadOnlyList<OpeningRange> ParseRanges(string text)
    {
        var ranges = new List<OpeningRange>();
        var entries = text.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var entry in entries)
        {
            // Only the first whitespace-separated token holds days, so commas there separate days, not ranges.
            var firstSpace = entry.IndexOfAny([' ', '\t']);
            var times = firstSpace < 0
                ? []
                : entry[(firstSpace + 1)..].Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (times.Length == 0)
            {
                throw new FormatException($"«{entry}» debe tener días y horas, p. ej. «mon-fri 08:00-12:00».");
            }
            var days = ParseDays(entry[..firstSpace], entry);
            foreach (var time in times)
            {
                var (from, to) = ParseTimes(time, entry);
                ranges.AddRange(days.Select(day => new OpeningRange(day, from, to)));
            }
        }
        return ranges;
    }

    private static IEnumerable<DayOfWeek> ParseDays(string token, string entry)
    {
        var days = new List<DayOfWeek>();
        foreach (var item in token.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var bounds = item.Split('-');
            if (bounds.Length > 2)
            {
                throw new FormatException($"Días no válidos «{item}» en «{entry}».");
            }
            var first = Day(bounds[0], entry);
            var last = bounds.Length == 2 ? Day(bounds[1], entry) : first;
            // Ranges may wrap around the week, e.g. "sat-mon".
            for (var day = first; ; day = (DayOfWeek)(((int)day + 1) % 7))
            {
                days.Add(day);
                if (day == last)
                {
                    break;
                }
            }
        }
        return days.Distinct();
    }

    private static DayOfWeek Day(string name, string entry) =>
        Days.TryGetValue(name.Trim().ToLowerInvariant(), out var day)
            ? day
            : throw new FormatException($"Día desconocido «{name}» en «{entry}».");

    private static (TimeOnly From, TimeOnly To) ParseTimes(string text, string entry)
    {
        var bounds = text.Split('-');
        if (bounds.Length != 2
            || !TimeOnly.TryParseExact(bounds[0], "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            || !TimeOnly.TryParseExact(bounds[1], "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to))
        {
            throw new FormatException($"Horas no válidas «{text}» en «{entry}»; use «HH:mm-HH:mm».");
        }
        return (from, to);
    }
}
