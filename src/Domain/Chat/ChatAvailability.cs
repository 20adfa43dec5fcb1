using Atencion.Domain.Calendar;

namespace Atencion.Domain.Chat;

/// <summary>Whether the chat is online, and if not why and when it opens next.</summary>
/// <param name="Online">Within chat hours with at least one advisor present.</param>
/// <param name="Reason">Null when online, else outside-hours, holiday or no-advisor.</param>
/// <param name="NextOpening">When the chat hours open next, when closed by hours or holiday.</param>
public sealed record ChatAvailability(bool Online, string? Reason, DateTimeOffset? NextOpening)
{
    /// <summary>Decides availability from the chat hours, the instant and whether an advisor is present.</summary>
    public static ChatAvailability Decide(WeeklyHours hours, DateTimeOffset now, bool advisorPresent)
    {
        if (hours.IsOpen(now)) return advisorPresent ? new(true, null, null) : new(false, "no-advisor", null);
        var today = EntityTimeZone.LocalDate(now, hours.Zone);
        var holiday = hours.Calendar.IsHoliday(today) && hours.Ranges.Any(r => r.Day == today.DayOfWeek);
        return new(false, holiday ? "holiday" : "outside-hours", hours.NextOpening(now));
    }
}
