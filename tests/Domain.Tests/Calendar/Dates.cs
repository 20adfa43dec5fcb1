using System.Globalization;

namespace Atencion.Domain.Tests.Calendar;

// InlineData cannot hold DateOnly or DateTimeOffset, so tests write ISO strings and parse them here.
internal static class Dates
{
    public static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);
}
