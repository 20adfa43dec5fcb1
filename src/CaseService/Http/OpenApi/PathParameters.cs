using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Atencion.CaseService.Http.OpenApi;

/// <summary>Declares every route parameter as a path parameter. <c>{tenant}</c> is read by <see cref="TenantFilter"/>, not bound by the handlers,
/// so the generator leaves it out; a client needs it to build the URL.</summary>
public static partial class PathParameters
{
    public static Task Transform(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        operation.Parameters ??= [];
        var declared = operation.Parameters.Where(p => p.In == ParameterLocation.Path).Select(p => p.Name).ToHashSet();
        var position = 0;
        foreach (Match m in RouteParameter().Matches(context.Description.RelativePath ?? ""))
        {
            var name = m.Groups[1].Value;
            if (declared.Contains(name)) { position++; continue; }
            operation.Parameters.Insert(Math.Min(position++, operation.Parameters.Count), new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Path,
                Required = true,
                Description = name == "tenant" ? "The entity's id, e.g. personeria-floridablanca; a staff token's tenant claim must equal it." : null,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        return Task.CompletedTask;
    }

    [GeneratedRegex(@"\{\*{0,2}(\w+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
