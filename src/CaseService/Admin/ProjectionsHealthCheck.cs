using Atencion.Projections.Daemon;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Atencion.CaseService.Admin;

/// <summary>Unhealthy while an async projection is faulted (naming it, its event and its error); reports every projection's lag.</summary>
public sealed class ProjectionsHealthCheck(ProjectionDaemon daemon) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        IReadOnlyList<ProjectionStatus> all;
        try { all = await daemon.StatusAsync(ct); }
        catch (NpgsqlException e) { return HealthCheckResult.Unhealthy("The projections' state cannot be read.", e); }
        var data = all.ToDictionary(p => p.Name, p => (object)new { state = p.State, lagEvents = p.LagEvents, lagSeconds = p.LagSeconds });
        var faulted = all.Where(p => p.State == "faulted").ToList();
        return faulted.Count > 0
            ? HealthCheckResult.Unhealthy(string.Join("; ", faulted.Select(f => $"projection {f.Name} is faulted at event {f.ErrorSeq} ({f.ErrorEventType}): {f.LastError}")), data: data)
            : HealthCheckResult.Healthy($"{all.Count} projections, none faulted.", data);
    }
}
