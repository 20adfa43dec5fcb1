using System.Text.Json;
using System.Text.Json.Serialization;

namespace Atencion.Projections;

/// <summary>The one JSON convention of the service, for the API and for stored events: camelCase, enums as kebab-case strings.</summary>
public static class AtencionJson
{
    /// <summary>Applies the convention to a set of options (the API's and the store's).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.PropertyNameCaseInsensitive = false;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new KebabEnumConverter());
        return options;
    }

    /// <summary>A fresh options instance with the convention applied.</summary>
    public static JsonSerializerOptions Create() => Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
}
