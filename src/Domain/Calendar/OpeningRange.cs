namespace Atencion.Domain.Calendar;

/// <summary>One stretch of opening hours on a weekday, in local wall-clock time, from <see cref="From"/> inclusive to <see cref="To"/> exclusive.</summary>
/// <param name="Day">The weekday the range applies to.</param>
/// <param name="From">The local time the range opens (inclusive).</param>
/// <param name="To">The local time the range closes (exclusive).</param>
public sealed record OpeningRange(DayOfWeek Day, TimeOnly From, TimeOnly To)
{
    /// <summary>Tells whether the local <paramref name="time"/> on <see cref="Day"/> falls inside the range.</summary>
    public bool Contains(TimeOnly time) => From <= time && time < To;

    /// <summary>Tells whether this range and <paramref name="other"/> share any moment; ranges that merely touch do not.</summary>
    public bool Overlaps(OpeningRange other) => Day == other.Day && From < other.To && other.From < To;

    /// <summary>Returns the range as "lunes 08:30–09:30".</summary>
    public override string ToString() => $"{SpanishDayName(Day)} {From:HH\\:mm}–{To:HH\\:mm}";

    /// <summary>Returns the Spanish name of <paramref name="day"/>, e.g. "lunes".</summary>
    public static string SpanishDayName(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => "lunes",
        DayOfWeek.Tuesday => "martes",
        DayOfWeek.Wednesday => "miércoles",
        DayOfWeek.Thursday => "jueves",
        DayOfWeek.Friday => "viernes",
        DayOfWeek.Saturday => "sábado",
        DayOfWeek.Sunday => "domingo",
        _ => throw new ArgumentOutOfRangeException(nameof(day), day, "Unknown weekday."),
    };
}
