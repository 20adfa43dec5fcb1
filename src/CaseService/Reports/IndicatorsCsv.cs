using System.Text.Json;
using Atencion.Projections.Indicators;

namespace Atencion.CaseService.Reports;

/// <summary>
/// The indicators as CSV rows <c>period,indicator,value</c>: every figure of the JSON answer, named by its path
/// (<c>timeliness.percent</c>, <c>responseTimeByType.petition.p90BusinessDays</c>, <c>satisfaction.byChannel.chat.satisfied.count</c>),
/// so the spreadsheet has exactly what the JSON has, and a new indicator appears without changing this code.
/// </summary>
public static class IndicatorsCsv
{
    /// <summary>The header of the indicators table.</summary>
    public static readonly string[] Header = ["period", "indicator", "value"];

    /// <summary>Properties that name the element of a list (its key), in the order they are looked for.</summary>
    private static readonly string[] Keys = ["type", "key", "service", "channel", "name"];

    /// <summary>The rows of an indicator set, serialized with the API's JSON options (the same names and values as the JSON).</summary>
    public static IEnumerable<object?[]> Rows(string period, IndicatorSet indicators, JsonSerializerOptions json)
    {
        var rows = new List<object?[]>();
        Flatten(JsonSerializer.SerializeToElement(indicators, json), "", null, period, rows);
        return rows;
    }

    /// <summary>Adds a row per leaf of <paramref name="e"/>, named by its path; <paramref name="keyProperty"/> is the property already used as this element's key in the path (not repeated as a row).</summary>
    private static void Flatten(JsonElement e, string path, string? keyProperty, string period, List<object?[]> rows)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                    if (p.Name != keyProperty) Flatten(p.Value, Join(path, p.Name), null, period, rows);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    var (property, key) = item.ValueKind == JsonValueKind.Object ? KeyOf(item) : (null, null);
                    Flatten(item, Join(path, key ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture)), property, period, rows);
                    i++;
                }
                break;
            case JsonValueKind.String: rows.Add([period, path, e.GetString()]); break;
            case JsonValueKind.Number: rows.Add([period, path, e.GetRawText()]); break;
            case JsonValueKind.True: rows.Add([period, path, true]); break;
            case JsonValueKind.False: rows.Add([period, path, false]); break;
            default: rows.Add([period, path, null]); break;
        }
    }

    /// <summary>The element's key: the first of <see cref="Keys"/> it has, <c>(none)</c> when that is null.</summary>
    private static (string? Property, string? Key) KeyOf(JsonElement item)
    {
        foreach (var k in Keys)
            if (item.TryGetProperty(k, out var v))
                return (k, v.ValueKind == JsonValueKind.String ? v.GetString() : v.ValueKind == JsonValueKind.Null ? "(none)" : v.GetRawText());
        return (null, null);
    }

    private static string Join(string path, string name) => path == "" ? name : $"{path}.{name}";
}
