using System.Globalization;
using System.Text.RegularExpressions;
using Atencion.Domain.Common;

namespace Atencion.CaseService.Reports;

/// <summary>Reads the period parameters of reports and indicators (local dates of the entity), refusing bad ones with field errors.</summary>
public static partial class Periods
{
    /// <summary>The longest range a from/to query may span.</summary>
    public const int MaxDays = 5 * 366;

    /// <summary><c>from</c> and <c>to</c> as yyyy-MM-dd, both required and inclusive, from not after to, at most <paramref name="maxDays"/> days.</summary>
    public static (DateOnly From, DateOnly To) Range(string? from, string? to, int maxDays = MaxDays)
    {
        var v = new Validator();
        var f = Date(v, "from", from);
        var t = Date(v, "to", to);
        if (f is { } a && t is { } b)
        {
            if (a > b) v.Add("from", "must not be after to.");
            else if (b.DayNumber - a.DayNumber + 1 > maxDays) v.Add("to", $"the period may span at most {maxDays} days.");
        }
        v.ThrowIfAny();
        return (f!.Value, t!.Value);
    }

    /// <summary><c>month</c> as YYYY-MM: its first and last day.</summary>
    public static (DateOnly From, DateOnly To) Month(string? month)
    {
        var m = month is null ? null : MonthPattern().Match(month.Trim());
        if (m is not { Success: true } || !Year(m.Groups[1].Value, out var year))
            throw Invalid("month", month is null ? "is required, as YYYY-MM (e.g. 2026-03)." : $"'{month}' is not a month as YYYY-MM (e.g. 2026-03).");
        var first = new DateOnly(year, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), 1);
        return (first, first.AddMonths(1).AddDays(-1));
    }

    /// <summary><c>quarter</c> as YYYY-Qn: its first and last day.</summary>
    public static (DateOnly From, DateOnly To) Quarter(string? quarter)
    {
        var m = quarter is null ? null : QuarterPattern().Match(quarter.Trim());
        if (m is not { Success: true } || !Year(m.Groups[1].Value, out var year))
            throw Invalid("quarter", quarter is null ? "is required, as YYYY-Qn (e.g. 2026-Q1)." : $"'{quarter}' is not a quarter as YYYY-Qn with n from 1 to 4 (e.g. 2026-Q1).");
        var first = new DateOnly(year, 3 * (m.Groups[2].Value[0] - '1') + 1, 1);
        return (first, first.AddMonths(3).AddDays(-1));
    }

    /// <summary>A validation problem on one field.</summary>
    public static ValidationFailed Invalid(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });

    private static DateOnly? Date(Validator v, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) { v.Add(field, "is required, as yyyy-MM-dd."); return null; }
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d.Year is >= 1991 and <= 2100)
            return d;
        v.Add(field, $"'{value}' is not a date as yyyy-MM-dd between 1991 and 2100.");
        return null;
    }

    // Ley 1755 and the Constitution of 1991 bound what a PQRSD report may be about.
    private static bool Year(string text, out int year) => int.TryParse(text, CultureInfo.InvariantCulture, out year) && year is >= 1991 and <= 2100;

    [GeneratedRegex(@"^(\d{4})-(0[1-9]|1[0-2])$")]
    private static partial Regex MonthPattern();

    [GeneratedRegex(@"^(\d{4})-Q([1-4])$")]
    private static partial Regex QuarterPattern();
}
