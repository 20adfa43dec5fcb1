using System.Text.Json;
using Atencion.Projections.Daemon;
using Atencion.EventStore;
using Npgsql;

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
        var changed = await CaseFactsFold.FoldAsync(events, write, "case_facts", json, ct);
        if (changed.Count == 0) return;
        // One statement for the whole batch; received_at is the case's opening and is never updated.
        await using var cmd = write.Command($"""
            insert into {write.Schema}.case_facts (tenant_id, case_id, version, received_at, updated_at, type, facts)
            select * from unnest(@tenants, @cases, @versions, @received, @updated, @types, @facts)
            on conflict (tenant_id, case_id) do update set version = excluded.version, updated_at = excluded.updated_at,
                type = excluded.type, facts = excluded.facts
            """);
        CaseFactsArrays.AddTo(cmd.Parameters, changed, json);
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("received", changed.Select(f => f.ReceivedAt.ToUniversalTime()).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("updated", changed.Select(f => f.UpdatedAt.ToUniversalTime()).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<string?[]>("types", changed.Select(f => f.Type is { } t ? WireName.Of(t) : null).ToArray()));
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
