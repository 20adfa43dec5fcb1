using Atencion.Domain.Calendar;
using static Atencion.Domain.Tests.Calendar.Dates;

namespace Atencion.Domain.Tests.Calendar;

public class BusinessCalendarTests
{
    private static readonly BusinessCalendar National = BusinessCalendar.National;
    private static readonly TimeZoneInfo Bogota = EntityTimeZone.Default;

    [Fact]
    public void Good_Friday_is_not_a_business_day()
    {
        Assert.False(National.IsBusinessDay(new(2026, 4, 3)));
    }

    [Theory]
    [InlineData("2026-03-27", true)]  // Friday
    [InlineData("2026-03-28", false)] // Saturday
    [InlineData("2026-03-29", false)] // Sunday
    [InlineData("2026-03-23", false)] // San José, moved to Monday
    [InlineData("2026-01-06", true)]  // 6 January itself is a working day when Reyes Magos moves
    [InlineData("2026-04-06", true)]  // Easter Monday
    public void Business_days_are_weekdays_that_are_not_national_holidays(string date, bool expected)
    {
        Assert.Equal(expected, National.IsBusinessDay(D(date)));
    }

    [Fact]
    public void A_local_non_working_day_is_not_a_business_day_for_that_entity_only()
    {
        var municipal = new BusinessCalendar([new DateOnly(2026, 5, 20)]);

        Assert.False(municipal.IsBusinessDay(new(2026, 5, 20)));
        Assert.True(municipal.IsHoliday(new(2026, 5, 20)));
        Assert.True(National.IsBusinessDay(new(2026, 5, 20)));
    }

    [Theory]
    [InlineData("2026-03-27", "2026-03-30")] // Friday to Monday
    [InlineData("2026-03-30", "2026-03-31")] // strictly after, even from a business day
    [InlineData("2026-04-01", "2026-04-06")] // over Holy Thursday and Good Friday
    [InlineData("2025-12-31", "2026-01-02")] // over New Year's Day
    [InlineData("2026-12-31", "2027-01-04")] // New Year's Day on a Friday
    public void Next_business_day_is_the_first_one_strictly_after(string date, string expected)
    {
        Assert.Equal(D(expected), National.NextBusinessDay(D(date)));
    }

    [Theory]
    [InlineData("2025-12-19", 15, "2026-01-14")]
    [InlineData("2025-12-19", 10, "2026-01-06")]
    [InlineData("2025-12-19", 30, "2026-02-04")]
    [InlineData("2026-03-27", 15, "2026-04-21")]
    [InlineData("2025-04-16", 10, "2025-05-05")] // Holy Week 2025 and Labour Day
    [InlineData("2026-12-31", 1, "2027-01-04")]
    [InlineData("2026-03-27", 1, "2026-03-30")]
    [InlineData("2026-03-27", 0, "2026-03-27")]
    public void Day_one_is_the_first_business_day_after_receipt(string receipt, int days, string expected)
    {
        Assert.Equal(D(expected), National.AddBusinessDays(D(receipt), days));
    }

    [Fact]
    public void A_local_non_working_day_inside_a_term_pushes_the_due_date()
    {
        var closedOnBoxingDay = new BusinessCalendar([new DateOnly(2025, 12, 26)]);

        Assert.Equal(new DateOnly(2026, 1, 7), closedOnBoxingDay.AddBusinessDays(new(2025, 12, 19), 10));
    }

    [Fact]
    public void A_negative_number_of_business_days_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => National.AddBusinessDays(new(2026, 3, 27), -1));
    }

    [Theory]
    [InlineData("2026-03-28T22:00:00-05:00", "2026-03-30")] // Saturday night in Bogota
    [InlineData("2026-03-28T04:30:00+00:00", "2026-03-27")] // Friday 23:30 in Bogota, already Saturday in UTC
    [InlineData("2026-03-27T23:30:00-05:00", "2026-03-27")] // the same instant, written in Bogota time
    [InlineData("2026-03-30T04:59:59+00:00", "2026-03-30")] // Sunday 23:59:59 in Bogota
    [InlineData("2026-04-02T09:00:00-05:00", "2026-04-06")] // Holy Thursday
    [InlineData("2026-01-01T05:00:00+00:00", "2026-01-02")] // New Year's midnight in Bogota
    [InlineData("2025-12-31T23:59:00-05:00", "2025-12-31")] // last minute of a business day
    [InlineData("2026-03-30T13:00:00+00:00", "2026-03-30")] // a business-day morning
    public void Receipt_on_a_non_business_day_counts_from_the_next_business_day_in_local_time(string receivedAt, string expected)
    {
        Assert.Equal(D(expected), National.LegalReceiptDate(At(receivedAt), Bogota));
    }

    [Theory]
    [InlineData("2025-12-19", "2026-01-14", 15)]
    [InlineData("2026-03-27", "2026-03-27", 0)]  // due today: no days left
    [InlineData("2026-03-27", "2026-03-28", 0)]  // Saturday adds nothing
    [InlineData("2026-03-27", "2026-03-30", 1)]
    [InlineData("2026-04-01", "2026-04-06", 1)]  // Holy Thursday and Good Friday skipped
    [InlineData("2026-04-21", "2026-03-27", 0)]  // overdue counts as zero, never negative
    public void Business_days_between_counts_those_after_from_up_to_and_including_to(string from, string to, int expected)
    {
        Assert.Equal(expected, National.BusinessDaysBetween(D(from), D(to)));
    }

    [Fact]
    public void Counting_business_days_between_undoes_adding_them()
    {
        var municipal = new BusinessCalendar([new DateOnly(2026, 1, 20), new DateOnly(2026, 3, 4)]);
        for (var receipt = new DateOnly(2025, 12, 1); receipt <= new DateOnly(2026, 4, 30); receipt = receipt.AddDays(1))
        {
            foreach (int days in new[] { 0, 1, 5, 10, 15, 30 })
            {
                Assert.Equal(days, municipal.BusinessDaysBetween(receipt, municipal.AddBusinessDays(receipt, days)));
            }
        }
    }

    [Fact]
    public void The_default_entity_zone_is_Bogota_at_UTC_minus_five_all_year()
    {
        Assert.Equal("America/Bogota", Bogota.Id);
        Assert.Equal(TimeSpan.FromHours(-5), Bogota.GetUtcOffset(new DateTime(2026, 1, 15, 12, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(TimeSpan.FromHours(-5), Bogota.GetUtcOffset(new DateTime(2026, 7, 15, 12, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateOnly(2026, 3, 27), EntityTimeZone.LocalDate(At("2026-03-28T04:59:59Z"), Bogota));
        Assert.Equal(At("2026-04-06T13:30:00Z"), EntityTimeZone.Instant(new(2026, 4, 6), new(8, 30), Bogota));
    }
}
