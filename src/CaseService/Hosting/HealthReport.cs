using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Atencion.CaseService.Hosting;

/// <summary>Writes a health report as JSON: the overall status and each check's status and description.</summary>
public static class HealthReport
{
    public static Task WriteAsync(HttpContext http, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString().ToLowerInvariant(),
                description = e.Value.Description,
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        }));
    }
}
