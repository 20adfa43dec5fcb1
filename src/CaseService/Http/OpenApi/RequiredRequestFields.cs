using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Atencion.CaseService.Http.OpenApi;

/// <summary>Request records declare every field nullable so that a missing one reaches validation (a 400 naming it) instead of failing to bind;
/// the generator then calls every constructor parameter required and every field <c>null | T</c>. For the <c>…Request</c> records this says
/// what validation does: the fields marked <see cref="RequiredAttribute"/> are required and not null, the others optional. The same holds for any
/// other record that marks a field <see cref="RequiredAttribute"/> (e.g. <c>SurveyAnswers</c>).</summary>
public static class RequiredRequestFields
{
    private static readonly Dictionary<string, Type> RequestTypes = typeof(RequiredRequestFields).Assembly.GetTypes()
        .Where(t => t.IsPublic && !t.IsAbstract && t.GetConstructors().Length > 0
            && (t.Name.EndsWith("Request", StringComparison.Ordinal) || Required(t).Any()))
        .GroupBy(t => t.Name).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single());

    public static Task Transform(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        foreach (var (name, schema) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (!RequestTypes.TryGetValue(name, out var type) || schema is not OpenApiSchema s) continue;
            var required = Required(type).Select(JsonNamingPolicy.CamelCase.ConvertName).ToHashSet();
            s.Required = new HashSet<string>(required.Where(p => s.Properties?.ContainsKey(p) == true));
            foreach (var property in s.Required)
                s.Properties![property] = NotNull(s.Properties[property]);
        }
        return Task.CompletedTask;
    }

    /// <summary>The properties a request record marks <see cref="RequiredAttribute"/> (on the primary constructor's parameter or the property).</summary>
    public static IEnumerable<string> Required(Type type) =>
        type.GetConstructors().SelectMany(c => c.GetParameters()).Where(p => p.GetCustomAttribute<RequiredAttribute>() is not null).Select(p => p.Name!)
            .Concat(type.GetProperties().Where(p => p.GetCustomAttribute<RequiredAttribute>() is not null).Select(p => p.Name))
            .Distinct();

    private static IOpenApiSchema NotNull(IOpenApiSchema property)
    {
        if (property is OpenApiSchema { OneOf.Count: 2 } choice
            && choice.OneOf.SingleOrDefault(o => o is OpenApiSchema { Type: JsonSchemaType.Null }) is { } nullOption)
            return choice.OneOf.Single(o => !ReferenceEquals(o, nullOption));
        if (property is OpenApiSchema { Type: { } t } plain && t.HasFlag(JsonSchemaType.Null)) plain.Type = t & ~JsonSchemaType.Null;
        return property;
    }
}
