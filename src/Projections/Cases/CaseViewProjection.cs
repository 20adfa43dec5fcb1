using System.Text.Json;
using Atencion.EventStore;
using Atencion.EventStore.Appending;
using NpgsqlTypes;

namespace Atencion.Projections.Cases;

/// <summary>Keeps <c>atencion.case_views</c> in step with each case stream, inside the append's transaction (read-your-writes).</summary>
public sealed class CaseViewProjection(JsonSerializerOptions json) : IInlineProjection
{
    public bool Handles(string streamType) => streamType == EventCatalog.CaseStream;

    public async Task ApplyAsync(AppendContext context, CancellationToken ct)
    {
        var view = await LoadAsync(context, ct);
        view = context.Events.Aggregate(view, CaseView.Evolve);
        if (view is null) return;
        await using var save = context.Command("""
            insert into atencion.case_views (tenant_id, case_id, version, status, channel, opened_at, updated_at, view)
            values (@tenant, @id, @version, @status, @channel, @opened, @updated, @view)
            on conflict (tenant_id, case_id) do update set version = excluded.version, status = excluded.status,
                updated_at = excluded.updated_at, view = excluded.view
            """);
        save.Parameters.AddWithValue("tenant", context.Tenant.Value);
        save.Parameters.AddWithValue("id", context.StreamId);
        save.Parameters.AddWithValue("version", view.Version);
        save.Parameters.AddWithValue("status", JsonSerializer.SerializeToElement(view.Status, json).GetString()!);
        save.Parameters.AddWithValue("channel", JsonSerializer.SerializeToElement(view.Channel, json).GetString()!);
        save.Parameters.AddWithValue("opened", view.OpenedAt);
        save.Parameters.AddWithValue("updated", view.UpdatedAt);
        save.Parameters.AddWithValue("view", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(view, json));
        await save.ExecuteNonQueryAsync(ct);
    }

    private async Task<CaseView?> LoadAsync(AppendContext context, CancellationToken ct)
    {
        await using var load = context.Command("select view::text from atencion.case_views where tenant_id = @tenant and case_id = @id");
        load.Parameters.AddWithValue("tenant", context.Tenant.Value);
        load.Parameters.AddWithValue("id", context.StreamId);
        return await load.ExecuteScalarAsync(ct) is string text ? JsonSerializer.Deserialize<CaseView>(text, json) : null;
    }
}
