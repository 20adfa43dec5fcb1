using Atencion.Domain.Calendar;
using static Atencion.Domain.Tests.Calendar.Dates;

namespace Atencion.Domain.Tests.Calendar;

public class ColombianHolidaysTests
{
    public static TheoryData<int, DateOnly[]> OfficialLists => new()
    {
        {
            2024,
            [
                new(2024, 1, 1), new(2024, 1, 8), new(2024, 3, 25), new(2024, 3, 28), new(2024, 3, 29),
                new(2024, 5, 1), new(2024, 5, 13), new(2024, 6, 3), new(2024, 6, 10), new(2024, 7, 1),
                new(2024, 7, 20), new(2024, 8, 7), new(2024, 8, 19), new(2024, 10, 14), new(2024, 11, 4),
                new(2024, 11, 11), new(2024, 12, 8), new(2024, 12, 25),
            ]
        },
        {
            2025,
            [
                new(2025, 1, 1), new(2025, 1, 6), new(2025, 3, 24), new(2025, 4, 17), new(2025, 4, 18),
                new(2025, 5, 1), new(2025, 6, 2), new(2025, 6, 23), new(2025, 6, 30), new(2025, 7, 20),
                new(2025, 8, 7), new(2025, 8, 18), new(2025, 10, 13), new(2025, 11, 3), new(2025, 11, 17),
                new(2025, 12, 8), new(2025, 12, 25),
            ]
        },
        {
            2026,
            [
                new(2026, 1, 1), new(2026, 1, 12), new(2026, 3, 23), new(2026, 4, 2), new(2026, 4, 3),
                new(2026, 5, 1), new(2026, 5, 18), new(2026, 6, 8), new(2026, 6, 15), new(2026, 6, 29),
                new(2026, 7, 20), new(2026, 8, 7), new(2026, 8, 17), new(2026, 10, 12), new(2026, 11, 2),
                new(2026, 11, 16), new(2026, 12, 8), new(2026, 12, 25),
            ]
        },
        {
            2027,
            [
                new(2027, 1, 1), new(2027, 1, 11), new(2027, 3, 22), new(2027, 3, 25), new(2027, 3, 26),
                new(2027, 5, 1), new(2027, 5, 10), new(2027, 5, 31), new(2027, 6, 7), new(2027, 7, 5),
                new(2027, 7, 20), new(2027, 8, 7), new(2027, 8, 16), new(2027, 10, 18), new(2027, 11, 1),
                new(2027, 11, 15), new(2027, 12, 8), new(2027, 12, 25),
            ]
        },
    };

    [Theory]
    [MemberData(nameof(OfficialLists))]
    public void Holidays_match_the_published_official_list(int year, DateOnly[] official)
    {
        Assert.Equal(official, ColombianHolidays.For(year).Select(h => h.Date));
    }

    [Theory]
    [InlineData("2026-01-01", "Año Nuevo")]
    [InlineData("2026-01-12", "Reyes Magos")]
    [InlineData("2026-03-23", "San José")]
    [InlineData("2026-04-02", "Jueves Santo")]
    [InlineData("2026-04-03", "Viernes Santo")]
    [InlineData("2026-05-01", "Día del Trabajo")]
    [InlineData("2026-05-18", "Ascensión del Señor")]
    [InlineData("2026-06-08", "Corpus Christi")]
    [InlineData("2026-06-15", "Sagrado Corazón")]
    [InlineData("2026-06-29", "San Pedro y San Pablo")]
    [InlineData("2026-07-20", "Día de la Independencia")]
    [InlineData("2026-08-07", "Batalla de Boyacá")]
    [InlineData("2026-08-17", "Asunción de la Virgen")]
    [InlineData("2026-10-12", "Día de la Raza")]
    [InlineData("2026-11-02", "Todos los Santos")]
    [InlineData("2026-11-16", "Independencia de Cartagena")]
    [InlineData("2026-12-08", "Inmaculada Concepción")]
    [InlineData("2026-12-25", "Navidad")]
    public void Holidays_carry_their_Spanish_names(string date, string name)
    {
        Assert.Contains(new Holiday(D(date), name), ColombianHolidays.For(2026));
    }

    [Theory]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-03-28")]
    [InlineData(2285, "2285-03-22")] // earliest possible
    [InlineData(1818, "1818-03-22")] // earliest possible
    [InlineData(2038, "2038-04-25")] // latest possible
    [InlineData(1943, "1943-04-25")] // latest possible
    [InlineData(2000, "2000-04-23")]
    [InlineData(1583, "1583-04-10")]
    [InlineData(9999, "9999-03-28")]
    public void Easter_Sunday_follows_the_Gregorian_computus(int year, string easter)
    {
        Assert.Equal(D(easter), ColombianHolidays.EasterSunday(year));
    }

    [Theory]
    [InlineData("2024-11-11")] // Independencia de Cartagena, already a Monday
    [InlineData("2027-11-01")] // Todos los Santos, already a Monday
    public void A_movable_holiday_already_on_a_Monday_stays_on_its_date(string date)
    {
        Assert.True(ColombianHolidays.IsHoliday(D(date)));
        Assert.False(ColombianHolidays.IsHoliday(D(date).AddDays(7)));
    }

    [Theory]
    [InlineData("2027-05-01")] // Saturday
    [InlineData("2027-12-25")] // Saturday
    [InlineData("2024-12-08")] // Sunday
    public void Fixed_holidays_are_not_moved_when_they_fall_on_a_weekend(string date)
    {
        Assert.True(ColombianHolidays.IsHoliday(D(date)));
        Assert.False(ColombianHolidays.IsHoliday(NextMonday(D(date))));
    }

    [Theory]
    [InlineData("2025-01-06", true)] // Reyes Magos, already a Monday
    [InlineData("2026-01-06", false)] // Reyes Magos moved to 2026-01-12
    [InlineData("2026-04-06", false)] // Easter Monday is not a holiday
    [InlineData("2026-12-31", false)]
    [InlineData("2027-01-01", true)]
    public void IsHoliday_answers_for_single_dates(string date, bool expected)
    {
        Assert.Equal(expected, ColombianHolidays.IsHoliday(D(date)));
    }

    [Fact]
    public void When_Easter_is_earliest_San_José_moves_to_Easter_Monday()
    {
        var holidays = ColombianHolidays.For(2285);

        Assert.Contains(new Holiday(new(2285, 3, 19), "Jueves Santo"), holidays);
        Assert.Contains(new Holiday(new(2285, 3, 23), "San José"), holidays);
    }

    [Theory]
    [InlineData("2025-06-30")]
    [InlineData("2038-07-05")]
    public void Sacred_Heart_and_San_Pedro_sharing_a_Monday_make_one_entry_with_both_names(string date)
    {
        var holidays = ColombianHolidays.For(D(date).Year);

        Assert.Equal(17, holidays.Count);
        Assert.Contains(new Holiday(D(date), "Sagrado Corazón / San Pedro y San Pablo"), holidays);
    }

    [Fact]
    public void Every_supported_year_has_one_entry_per_holiday_date_in_order_within_the_year()
    {
        string[] onMondays =
        [
            "Reyes Magos", "San José", "Ascensión del Señor", "Corpus Christi", "Sagrado Corazón",
            "San Pedro y San Pablo", "Asunción de la Virgen", "Día de la Raza", "Todos los Santos",
            "Independencia de Cartagena",
        ];
        for (int year = ColombianHolidays.MinYear; year <= ColombianHolidays.MaxYear; year++)
        {
            var holidays = ColombianHolidays.For(year);
            var names = holidays.SelectMany(h => h.Name.Split(ColombianHolidays.NameSeparator)).ToArray();

            Assert.Equal(18, names.Length);
            Assert.Equal(18, names.Distinct().Count());
            Assert.All(holidays, h => Assert.Equal(year, h.Date.Year));
            Assert.Equal(holidays.Select(h => h.Date).Order().Distinct(), holidays.Select(h => h.Date));
            Assert.All(
                holidays.Where(h => h.Name.Split(ColombianHolidays.NameSeparator).Any(onMondays.Contains)),
                h => Assert.Equal(DayOfWeek.Monday, h.Date.DayOfWeek));
        }
    }

    [Theory]
    [InlineData(1582)]
    [InlineData(10000)]
    public void Years_outside_the_Gregorian_computus_are_rejected(int year)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ColombianHolidays.For(year));
    }

    private static DateOnly NextMonday(DateOnly date) =>
        date.AddDays(((int)DayOfWeek.Monday - (int)date.DayOfWeek + 7) % 7);
}
