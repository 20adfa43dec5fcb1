using System.Text.Json;
using Atencion.EventStore;
using Atencion.Projections.Daemon;
using Atencion.Projections.Reports;
using NpgsqlTypes;

namespace Atencion.Projections.Contacts;

/// <summary>
/// The contact register (FOR-DIC-04 of the Facatativá seed): one row per contact on every channel — each contact opens a case —
/// with its date, channel, citizen, topic, who attended and the outcome so far.
/// </summary>
public sealed class ContactRegisterProjection(JsonSerializerOptions json) : IAsyncProjection
{
    /// <summary>The projection's name; its live table is <c>proj_contacts.contacts</c>.</summary>
    public const string ProjectionName = "contacts";

    /// <inheritdoc />
    public string Name => ProjectionName;

    /// <inheritdoc />
    public string CreateTablesSql(string schema) => $"""
        create table {schema}.contacts (
            tenant_id text not null,
            case_id uuid not null,
            version bigint not null,
            contact_at timestamptz not null,
            channel text not null,
            citizen_name text,
            citizen_id text,
            type text,
            topic text,
            radicado text,
            attended_by text,
            outcome text not null,
            facts jsonb not null,
            primary key (tenant_id, case_id));
        create index on {schema}.contacts (tenant_id, contact_at, case_id);
        """;

    /// <inheritdoc />
    public async Task ApplyAsync(IReadOnlyList<RecordedEvent> events, ProjectionWrite write, CancellationToken ct)
    {
        foreach (var f in await CaseFactsFold.FoldAsync(events, write, "contacts", json, ct))
        {
            await using var cmd = write.Command($"""
                insert into {write.Schema}.contacts (tenant_id, case_id, version, contact_at, channel, citizen_name, citizen_id,
                    type, topic, radicado, attended_by, outcome, facts)
                values (@t, @c, @v, @at, @channel, @name, @id, @type, @topic, @radicado, @by, @outcome, @f)
                on conflict (tenant_id, case_id) do update set version = excluded.version, citizen_name = excluded.citizen_name,
                    citizen_id = excluded.citizen_id, type = excluded.type, topic = excluded.topic, radicado = excluded.radicado,
                    attended_by = excluded.attended_by, outcome = excluded.outcome, facts = excluded.facts
                """);
            var p = cmd.Parameters;
            p.AddWithValue("t", f.Tenant);
            p.AddWithValue("c", f.CaseId);
            p.AddWithValue("v", f.Version);
            p.AddWithValue("at", f.ReceivedAt.ToUniversalTime());
            p.AddWithValue("channel", WireName.Of(f.Channel));
            p.AddWithValue("name", NpgsqlDbType.Text, (object?)f.CitizenName ?? DBNull.Value);
            p.AddWithValue("id", NpgsqlDbType.Text, (object?)f.CitizenId ?? DBNull.Value);
            p.AddWithValue("type", NpgsqlDbType.Text, f.Type is { } t ? WireName.Of(t) : DBNull.Value);
            p.AddWithValue("topic", NpgsqlDbType.Text, (object?)f.Topic ?? DBNull.Value);
            p.AddWithValue("radicado", NpgsqlDbType.Text, (object?)f.Radicado ?? DBNull.Value);
            p.AddWithValue("by", NpgsqlDbType.Text, (object?)f.AttendedBy ?? DBNull.Value);
            p.AddWithValue("outcome", f.Outcome);
            p.AddWithValue("f", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(f, json));
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }
}
