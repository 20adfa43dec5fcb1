namespace Atencion.Domain.Calendar;

/// <summary>The time zone an entity's dates are reckoned in, America/Bogota unless the entity says otherwise.</summary>
public static class EntityTimeZone
{
    /// <summary>The IANA identifier of the default zone.</summary>
    public const string DefaultId = "America/Bogota";

    /// <summary>The default zone, America/Bogota (UTC−5, no daylight saving time).</summary>
    public static TimeZoneInfo Default { get; } = FindBogota();

    /// <summary>Returns the calendar date that <paramref name="instant"/> falls on in <paramref name="zone"/>.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>Returns the instant at which the wall-clock <paramref name="date"/> and <paramref name="time"/> occur in <paramref name="zone"/>.</summary>
    public static DateTimeOffset Instant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static TimeZoneInfo FindBogota()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(DefaultId);
        }
        catch (TimeZoneNotFoundException)
        {
            // Slim containers may ship without tzdata; Colombia has kept UTC−5 without DST since 1993.
            return TimeZoneInfo.CreateCustomTimeZone(DefaultId, TimeSpan.FromHours(-5), DefaultId, DefaultId);
        }
    }
}
