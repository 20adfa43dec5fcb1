using System.Text.Json;

namespace Atencion.Projections.Reports;

/// <summary>Enum values as the API writes them (kebab-case), for report keys and CSV cells.</summary>
public static class WireName
{
    /// <summary>The kebab-case name of an enum value, e.g. <c>information-request</c>.</summary>
    public static string Of<T>(T value) where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
