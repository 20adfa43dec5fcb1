using Atencion.Domain.Calendar;
using static Atencion.Domain.Tests.Calendar.Dates;

namespace Atencion.Domain.Tests.Calendar;

public class WeeklyHoursTests
{
    private static readonly TimeZoneInfo Bogota = EntityTimeZone.Default;

    private static WeeklyHours Hours(string text, params DateOnly[] localNonWorkingDays) =>
        WeeklyHours.Parse(text, new BusinessCalendar(localNonWorkingDays), Bogota);

    private static readonly WeeklyHours FloridablancaChat = Hours("mon-fri 08:30-09:30");
    private static readonly WeeklyHours TenjoOffice = Hours("mon-fri 08:00-12:00, 14:00-16:00");

    [Theory]
    [InlineData("2026-04-07T10:00:00-05:00", true)]
    [InlineData("2026-04-07T07:59:00-05:00", false)]
    [InlineData("2026-04-07T08:00:00-05:00", true)]  // opening time is included
    [InlineData("2026-04-07T12:00:00-05:00", false)] // closing time is not
    [InlineData("2026-04-07T13:00:00-05:00", false)] // lunch break
    [InlineData("2026-04-07T14:00:00-05:00", true)]
    [InlineData("2026-04-07T15:59:59-05:00", true)]
    [InlineData("2026-04-07T16:00:00-05:00", false)]
    [InlineData("2026-04-11T10:00:00-05:00", false)] // Saturday
    [InlineData("2026-04-02T10:00:00-05:00", false)] // Holy Thursday
    [InlineData("2026-04-07T15:00:00+00:00", true)]  // 10:00 in Bogota
    [InlineData("2026-04-07T21:00:00+00:00", false)] // 16:00 in Bogota
    public void Tenjo_office_is_open_only_within_its_hours_on_working_days(string instant, bool open)
    {
        Assert.Equal(open, TenjoOffice.IsOpen(At(instant)));
    }

    [Theory]
    [InlineData("2026-04-01T10:00:00-05:00", "2026-04-06T08:30:00-05:00")] // Holy Thursday and Good Friday skipped
    [InlineData("2026-04-01T15:00:00+00:00", "2026-04-06T08:30:00-05:00")] // the same instant, in UTC
    [InlineData("2026-04-07T07:00:00-05:00", "2026-04-07T08:30:00-05:00")] // later the same day
    [InlineData("2026-04-07T08:30:00-05:00", "2026-04-08T08:30:00-05:00")] // strictly after the asking instant
    [InlineData("2026-04-07T09:00:00-05:00", "2026-04-08T08:30:00-05:00")] // while open
    [InlineData("2026-04-10T10:00:00-05:00", "2026-04-13T08:30:00-05:00")] // over a weekend
    [InlineData("2026-12-24T10:00:00-05:00", "2026-12-28T08:30:00-05:00")] // over Christmas
    [InlineData("2026-12-31T10:00:00-05:00", "2027-01-04T08:30:00-05:00")] // over New Year's Day
    public void Floridablanca_chat_next_opening_skips_closed_days(string after, string expected)
    {
        var next = FloridablancaChat.NextOpening(At(after));

        Assert.Equal(At(expected), next);
        Assert.Equal(TimeSpan.FromHours(-5), next!.Value.Offset);
    }

    [Theory]
    [InlineData("2026-04-07T12:30:00-05:00", "2026-04-07T14:00:00-05:00")] // the afternoon range
    [InlineData("2026-04-07T16:30:00-05:00", "2026-04-08T08:00:00-05:00")]
    public void Tenjo_office_next_opening_includes_the_afternoon(string after, string expected)
    {
        Assert.Equal(At(expected), TenjoOffice.NextOpening(At(after)));
    }

    [Fact]
    public void A_local_non_working_day_closes_the_hours()
    {
        var hours = Hours("mon-fri 08:00-12:00, 14:00-16:00", new DateOnly(2026, 4, 8));

        Assert.False(hours.IsOpen(At("2026-04-08T10:00:00-05:00")));
        Assert.Equal(At("2026-04-09T08:00:00-05:00"), hours.NextOpening(At("2026-04-07T17:00:00-05:00")));
    }

    [Fact]
    public void Weekend_ranges_open_on_weekends_that_are_not_holidays()
    {
        var hours = Hours("mon-fri 08:00-12:00; sat 09:00-12:00");

        Assert.True(hours.IsOpen(At("2026-04-11T10:00:00-05:00")));
        Assert.Equal(At("2026-04-11T09:00:00-05:00"), hours.NextOpening(At("2026-04-10T13:00:00-05:00")));
        Assert.False(hours.IsOpen(At("2027-05-01T10:00:00-05:00"))); // Día del Trabajo on a Saturday
    }

    [Fact]
    public void A_range_that_continues_another_is_not_a_new_opening()
    {
        var hours = Hours("mon-fri 08:00-12:00, 12:00-14:00");

        Assert.True(hours.IsOpen(At("2026-04-07T12:00:00-05:00")));
        Assert.Equal(At("2026-04-08T08:00:00-05:00"), hours.NextOpening(At("2026-04-07T09:00:00-05:00")));
    }

    [Fact]
    public void Hours_without_ranges_never_open()
    {
        var hours = new WeeklyHours([], BusinessCalendar.National, Bogota);

        Assert.False(hours.IsOpen(At("2026-04-07T10:00:00-05:00")));
        Assert.Null(hours.NextOpening(At("2026-04-07T10:00:00-05:00")));
    }

    [Theory]
    [InlineData("mon-fri 08:30-09:30")]
    [InlineData("mon-fri 08:00-12:00, 14:00-16:00")]
    [InlineData("mon-fri 08:00-12:00, 12:00-14:00")] // touching is not overlapping
    [InlineData("mon 08:00-12:00; tue 08:00-12:00")]
    public void Well_formed_hours_have_no_validation_errors(string text)
    {
        Assert.Empty(Hours(text).Validate());
    }

    [Theory]
    [InlineData("mon 10:00-09:00", "El horario lunes 10:00–09:00 debe terminar después de empezar.")]
    [InlineData("mon 10:00-10:00", "El horario lunes 10:00–10:00 debe terminar después de empezar.")]
    [InlineData("wed 08:00-12:00, 11:00-13:00", "Los horarios miércoles 08:00–12:00 y miércoles 11:00–13:00 se superponen.")]
    public void Validation_reports_backward_and_overlapping_ranges(string text, string error)
    {
        Assert.Equal([error], Hours(text).Validate());
    }

    [Fact]
    public void Parsing_accepts_Spanish_days_lists_and_several_ranges()
    {
        var hours = Hours("lun-vie 08:00-12:00,14:00-16:00\nsáb 09:00-12:00");

        Assert.Equal(11, hours.Ranges.Count);
        Assert.Equal(new OpeningRange(DayOfWeek.Monday, new(8, 0), new(12, 0)), hours.Ranges[0]);
        Assert.Equal(new OpeningRange(DayOfWeek.Saturday, new(9, 0), new(12, 0)), hours.Ranges[^1]);
    }

    [Theory]
    [InlineData("mon,wed,fri 08:00-09:00", new[] { DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday })]
    [InlineData("sat-mon 10:00-11:00", new[] { DayOfWeek.Monday, DayOfWeek.Saturday, DayOfWeek.Sunday })]
    [InlineData("sun 10:00-11:00; MON 09:00-10:00", new[] { DayOfWeek.Monday, DayOfWeek.Sunday })]
    public void Parsing_reads_day_lists_and_wrapping_day_ranges_ordered_from_Monday(string text, DayOfWeek[] days)
    {
        Assert.Equal(days, Hours(text).Ranges.Select(r => r.Day));
    }

    [Theory]
    [InlineData("funday 08:00-09:00")]
    [InlineData("mon 8-9")]
    [InlineData("mon")]
    [InlineData("mon 08:00")]
    [InlineData("mon-tue-wed 08:00-09:00")]
    public void Parsing_rejects_malformed_hours(string text)
    {
        Assert.Throws<FormatException>(() => Hours(text));
    }
}
