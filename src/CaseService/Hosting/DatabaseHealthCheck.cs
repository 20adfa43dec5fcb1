using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Atencion.CaseService.Hosting;

/// <summary>Ready when the database answers and the schema is migrated.</summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var cmd = dataSource.CreateCommand("select count(*) from atencion.schema_migrations");
            var migrations = (long)(await cmd.ExecuteScalarAsync(ct))!;
            return HealthCheckResult.Healthy($"{migrations} migrations applied");
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer or is not migrated.", e);
        }
    }
}
