using System.Text.Json;
using System.Text.Json.Serialization;

namespace Atencion.Projections;

/// <summary>Enums as kebab-case strings (<c>InPerson</c> ↔ <c>"in-person"</c>); an unknown value fails with the allowed ones listed.</summary>
public sealed class KebabEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<T> : JsonConverter<T> where T : struct, Enum
    {
        private static readonly Dictionary<string, T> ByName =
            Enum.GetValues<T>().ToDictionary(v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString()), StringComparer.Ordinal);

        private static readonly Dictionary<T, string> ByValue = ByName.ToDictionary(p => p.Value, p => p.Key);

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? Parse(reader.GetString()!) : throw Invalid(reader.TokenType.ToString().ToLowerInvariant());

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(ByValue[value]);

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Parse(reader.GetString()!);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(ByValue[value]);

        private static T Parse(string text) => ByName.TryGetValue(text, out var value) ? value : throw Invalid($"'{text}'");

        private static JsonException Invalid(string given) =>
            new($"{given} is not one of the allowed values: {string.Join(", ", ByName.Keys)}.");
    }
}
