using System.Text;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Atencion.CaseService.Http.OpenApi;

/// <summary>Every operation gets an operationId: the endpoint's name when it has one (<c>WithName</c>), else one derived from the method and the route
/// (<c>POST /api/{tenant}/cases/{id}/notes</c> is <c>postCasesByIdNotes</c>), unique because method and route are.</summary>
public static class OperationIds
{
    public static Task Transform(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        operation.OperationId ??= context.Description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName
            ?? Derive(context.Description.HttpMethod ?? "get", context.Description.RelativePath ?? "");
        return Task.CompletedTask;
    }

    /// <summary>The id derived from a method and a route template: the segments after <c>api/{tenant}</c> in camel case, parameters as <c>By…</c>.</summary>
    public static string Derive(string method, string route)
    {
        var id = new StringBuilder(method.ToLowerInvariant());
        foreach (var segment in route.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment is "api" or "{tenant}") continue;
            var isParameter = segment.StartsWith('{');
            var name = isParameter ? segment.Trim('{', '}', '*', '?').Split(':')[0] : segment;
            if (isParameter) id.Append("By");
            foreach (var word in name.Split('-', '_', '.'))
                if (word.Length > 0) id.Append(char.ToUpperInvariant(word[0])).Append(word[1..]);
        }
        return id.ToString();
    }
}
