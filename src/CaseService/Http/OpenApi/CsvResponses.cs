using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Atencion.CaseService.Http.OpenApi;

/// <summary>A report served as <c>text/csv</c> is text, not the JSON object the generator copies from <c>Produces&lt;T&gt;</c>.</summary>
public static class CsvResponses
{
    public static Task Transform(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        foreach (var response in (operation.Responses ?? []).Values)
            if (response.Content?.TryGetValue("text/csv", out var csv) == true)
                response.Content["text/csv"] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Description = "RFC 4180 CSV, UTF-8 with a byte order mark; a header row, then one row per record (see docs/reports.md).",
                    },
                };
        return Task.CompletedTask;
    }
}
