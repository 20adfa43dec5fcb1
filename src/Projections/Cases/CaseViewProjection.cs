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
        var before = await LoadAsync(context, ct);
        var view = context.Events.Aggregate(before, CaseView.Evolve);
        if (view is null) return;
        await using (var save = context.Command("""
            insert into atencion.case_views (tenant_id, case_id, version, status, channel, opened_at, updated_at, view,
                type, topic, priority, assignee, due_date, radicado, citizen_name, citizen_id, received_at, tracking_hash)
            values (@tenant, @id, @version, @status, @channel, @opened, @updated, @view,
                @type, @topic, @priority, @assignee, @due, @radicado, @citizen_name, @citizen_id, @received, @tracking)
            on conflict (tenant_id, case_id) do update set version = excluded.version, status = excluded.status,
                updated_at = excluded.updated_at, view = excluded.view, type = excluded.type, topic = excluded.topic,
                priority = excluded.priority, assignee = excluded.assignee, due_date = excluded.due_date,
                radicado = excluded.radicado, citizen_name = excluded.citizen_name, citizen_id = excluded.citizen_id,
                tracking_hash = coalesce(excluded.tracking_hash, case_views.tracking_hash)
            """))
        {
            var p = save.Parameters;
            p.AddWithValue("tenant", context.Tenant.Value);
            p.AddWithValue("id", context.StreamId);
            p.AddWithValue("version", view.Version);
            p.AddWithValue("status", Wire(view.Status));
            p.AddWithValue("channel", Wire(view.Channel));
            p.AddWithValue("opened", view.OpenedAt.ToUniversalTime());
            p.AddWithValue("updated", view.UpdatedAt.ToUniversalTime());
            p.AddWithValue("view", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(view, json));
            p.AddWithValue("type", NpgsqlDbType.Text, view.Type is { } t ? Wire(t) : DBNull.Value);
            p.AddWithValue("topic", NpgsqlDbType.Text, (object?)view.Topic ?? DBNull.Value);
            p.AddWithValue("priority", view.Priority);
            p.AddWithValue("assignee", NpgsqlDbType.Text, (object?)view.Assignee ?? DBNull.Value);
            p.AddWithValue("due", NpgsqlDbType.Date, view.DueDate is { } d ? d : DBNull.Value);
            p.AddWithValue("radicado", NpgsqlDbType.Text, (object?)view.Radicado ?? DBNull.Value);
            p.AddWithValue("citizen_name", NpgsqlDbType.Text, (object?)view.Citizen?.Name ?? DBNull.Value);
            p.AddWithValue("citizen_id", NpgsqlDbType.Text, (object?)view.Citizen?.IdNumber ?? DBNull.Value);
            p.AddWithValue("received", view.ReceivedAt.ToUniversalTime());
            // Only the hash of the citizen's tracking code, and only in this column: never in the view staff read.
            var filed = context.Events.Select(e => e.Data).OfType<Domain.Cases.CaseFiled>().LastOrDefault();
            p.AddWithValue("tracking", NpgsqlDbType.Text, (object?)filed?.TrackingCodeHash ?? DBNull.Value);
            await save.ExecuteNonQueryAsync(ct);
        }
        await StaffLoad.ApplyAsync(context, before, view, ct);
    }

    private string Wire<T>(T value) => JsonSerializer.SerializeToElement(value, json).GetString()!;

    private async Task<CaseView?> LoadAsync(AppendContext context, CancellationToken ct)
    {
        await using var load = context.Command("select view::text from atencion.case_views where tenant_id = @tenant and case_id = @id");
        load.Parameters.AddWithValue("tenant", context.Tenant.Value);
        load.Parameters.AddWithValue("id", context.StreamId);
        return await load.ExecuteScalarAsync(ct) is string text ? JsonSerializer.Deserialize<CaseView>(text, json) : null;
    }
}
