namespace Atencion.Domain.Calendar;

/// <summary>Colombia's national holidays for any Gregorian year, computed from the law rather than listed.</summary>
/// <remarks>
/// Applies the current rules (Ley 51 de 1983, "Ley Emiliani") to every year, including years before
/// that law; it is meant for computing terms, not for historical research. When two holidays fall on
/// the same date (Sagrado Corazón and San Pedro y San Pablo on 2025-06-30) they make one entry whose name
/// joins both with <see cref="NameSeparator"/>, so a year has 17 or 18 entries.
/// </remarks>
public static class ColombianHolidays
{
    /// <summary>Joins the names of holidays that fall on the same date, e.g. "Sagrado Corazón / San Pedro y San Pablo".</summary>
    public const string NameSeparator = " / ";

    /// <summary>The first year supported: the Gregorian Easter computus starts in 1583.</summary>
    public const int MinYear = 1583;

    /// <summary>The last year supported, bounded by <see cref="DateOnly.MaxValue"/>.</summary>
    public const int MaxYear = 9999;

    /// <summary>Returns the national holidays of <paramref name="year"/>, one per date, ordered by date.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside <see cref="MinYear"/>..<see cref="MaxYear"/>.</exception>
    public static IReadOnlyList<Holiday> For(int year) =>
        // Official lists show one entry per date; GroupBy keeps the definition order for the joined names.
        Unmerged(year)
            .GroupBy(h => h.Date)
            .Select(g => new Holiday(g.Key, string.Join(NameSeparator, g.Select(h => h.Name))))
            .OrderBy(h => h.Date)
            .ToArray();

    /// <summary>Tells whether <paramref name="date"/> is a national holiday.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The date's year is outside <see cref="MinYear"/>..<see cref="MaxYear"/>.</exception>
    public static bool IsHoliday(DateOnly date) => Array.Exists(Unmerged(date.Year), h => h.Date == date);

    private static Holiday[] Unmerged(int year)
    {
        var easter = EasterSunday(year);
        return
        [
            Fixed(year, 1, 1, "Año Nuevo"),
            MovedToMonday(year, 1, 6, "Reyes Magos"),
            MovedToMonday(year, 3, 19, "San José"),
            new(easter.AddDays(-3), "Jueves Santo"),
            new(easter.AddDays(-2), "Viernes Santo"),
            Fixed(year, 5, 1, "Día del Trabajo"),
            // The feasts fall on Thursday/Friday (+39, +60, +68) and are observed the following Monday.
            new(easter.AddDays(43), "Ascensión del Señor"),
            new(easter.AddDays(64), "Corpus Christi"),
            new(easter.AddDays(71), "Sagrado Corazón"),
            MovedToMonday(year, 6, 29, "San Pedro y San Pablo"),
            Fixed(year, 7, 20, "Día de la Independencia"),
            Fixed(year, 8, 7, "Batalla de Boyacá"),
            MovedToMonday(year, 8, 15, "Asunción de la Virgen"),
            MovedToMonday(year, 10, 12, "Día de la Raza"),
            MovedToMonday(year, 11, 1, "Todos los Santos"),
            MovedToMonday(year, 11, 11, "Independencia de Cartagena"),
            Fixed(year, 12, 8, "Inmaculada Concepción"),
            Fixed(year, 12, 25, "Navidad"),
        ];
    }

    /// <summary>Returns Easter Sunday of <paramref name="year"/> by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside <see cref="MinYear"/>..<see cref="MaxYear"/>.</exception>
    public static DateOnly EasterSunday(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, MinYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, MaxYear);

        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }

    private static Holiday Fixed(int year, int month, int day, string name) =>
        new(new DateOnly(year, month, day), name);

    private static Holiday MovedToMonday(int year, int month, int day, string name)
    {
        var date = new DateOnly(year, month, day);
        int daysToMonday = ((int)DayOfWeek.Monday - (int)date.DayOfWeek + 7) % 7;
        return new(date.AddDays(daysToMonday), name);
    }
}
