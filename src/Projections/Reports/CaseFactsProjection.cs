using System.Text.Json;
using Atencion.Projections.Daemon;
using Atencion.EventStore;
using NpgsqlTypes;

namespace Atencion.Projections.Reports;

/// <summary>One row of <see cref="CaseFacts"/> per case: what the PQRSD statistics, the indicators and the access-to-information report read.</summary>
public sealed class CaseFactsProjection(JsonSerializerOptions json) : IAsyncProjection
{
    /// <summary>The projection's name; its live table is <c>proj_case_facts.case_facts</c>.</summary>
    public const string ProjectionName = "case_facts";

    /// <inheritdoc />
    public string Name => ProjectionName;

    /// <inheritdoc />
    public string CreateTablesSql(string schema) => $"""
        create table {schema}.case_facts (
            tenant_id text not null,
            case_id uuid not null,
            version bigint not null,
            received_at timestamptz not null,
            updated_at timestamptz not null,
            type text,
            facts jsonb not null,
            primary key (tenant_id, case_id));
        create index on {schema}.case_facts (tenant_id, updated_at);
        create index on {schema}.case_facts (tenant_id, received_at);
        """;

    /// <inheritdoc />
    public async Task ApplyAsync(IReadOnlyList<RecordedEvent> events, ProjectionWrite write, CancellationToken ct)
    {
        foreach (var f in await CaseFactsFold.FoldAsync(events, write, "case_facts", json, ct))
        {
            await using var cmd = write.Command($"""
                insert into {write.Schema}.case_facts (tenant_id, case_id, version, received_at, updated_at, type, facts)
                values (@t, @c, @v, @r, @u, @type, @f)
                on conflict (tenant_id, case_id) do update set version = excluded.version, updated_at = excluded.updated_at,
                    type = excluded.type, facts = excluded.facts
                """);
            cmd.Parameters.AddWithValue("t", f.Tenant);
            cmd.Parameters.AddWithValue("c", f.CaseId);
            cmd.Parameters.AddWithValue("v", f.Version);
            cmd.Parameters.AddWithValue("r", f.ReceivedAt.ToUniversalTime());
            cmd.Parameters.AddWithValue("u", f.UpdatedAt.ToUniversalTime());
            cmd.Parameters.AddWithValue("type", NpgsqlDbType.Text, f.Type is { } t ? WireName.Of(t) : DBNull.Value);
            cmd.Parameters.AddWithValue("f", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(f, json));
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }
}
