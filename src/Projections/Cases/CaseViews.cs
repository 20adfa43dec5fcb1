using Atencion.EventStore.Marten.Store;
using System.Text.Json;
using Atencion.EventStore;
using Atencion.EventStore.Reading;
using Npgsql;

namespace Atencion.Projections.Cases;

/// <summary>Reads case views: the current one from the inline table, or one folded from the stream at a version or instant.</summary>
public sealed class CaseViews(NpgsqlDataSource dataSource, MartenEventStore store, JsonSerializerOptions json)
{
    /// <summary>The current view, or null when the tenant has no such case.</summary>
    public async Task<CaseView?> GetAsync(TenantId tenant, Guid caseId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("select view::text from atencion.case_views where tenant_id = $1 and case_id = $2");
        cmd.Parameters.AddWithValue(tenant.Value);
        cmd.Parameters.AddWithValue(caseId);
        return await cmd.ExecuteScalarAsync(ct) is string text ? JsonSerializer.Deserialize<CaseView>(text, json) : null;
    }

    /// <summary>The view as it was at a version or instant (time travel), or null when the case did not exist then.</summary>
    public async Task<CaseView?> GetAsOfAsync(TenantId tenant, Guid caseId, StreamReadOptions read, CancellationToken ct)
    {
        var events = await store.ReadStreamAsync(tenant, caseId, read, ct);
        if (read.ToVersion is { } version && (events.Count == 0 || events[^1].Version != version)) return null;
        return CaseView.FromEvents(events);
    }
}
