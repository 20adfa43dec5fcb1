using Atencion.Domain.Turns;
using Atencion.EventStore;
using Atencion.Projections.Daemon;
using Atencion.Projections.Reports;
using NpgsqlTypes;

namespace Atencion.Projections.Turns;

/// <summary>One row per kiosk turn with its measured waiting and service times: what the in-person service level reads.</summary>
/// <remarks>
/// Every column comes from the turn's events (their data and recorded instants), so a rebuild yields the same rows; an event
/// at or below a row's version changes nothing, so a batch applied twice does no harm.
/// </remarks>
public sealed class TurnFactsProjection : IAsyncProjection
{
    /// <summary>The projection's name; its live table is <c>proj_turn_facts.turn_facts</c>.</summary>
    public const string ProjectionName = "turn_facts";

    /// <inheritdoc />
    public string Name => ProjectionName;

    /// <inheritdoc />
    public string CreateTablesSql(string schema) => $"""
        create table {schema}.turn_facts (
            tenant_id text not null,
            turn_id uuid not null,
            service text not null,
            day date not null,
            issued_at timestamptz not null,
            called_at timestamptz,
            finished_at timestamptz,
            waited_seconds integer,
            service_seconds integer,
            case_id uuid,
            expiry text,
            version bigint not null,
            primary key (tenant_id, turn_id));
        create index on {schema}.turn_facts (tenant_id, day);
        """;

    /// <inheritdoc />
    public async Task ApplyAsync(IReadOnlyList<RecordedEvent> events, ProjectionWrite write, CancellationToken ct)
    {
        foreach (var e in events)
        {
            var sql = e.Data switch
            {
                TurnIssued => $"""
                    insert into {write.Schema}.turn_facts (tenant_id, turn_id, service, day, issued_at, version)
                    values (@t, @id, @service, @day, @at, @v) on conflict (tenant_id, turn_id) do nothing
                    """,
                TurnCalled => $"update {write.Schema}.turn_facts set called_at = @at, waited_seconds = @waited, version = @v where tenant_id = @t and turn_id = @id and version < @v",
                TurnServed => $"""
                    update {write.Schema}.turn_facts set finished_at = @at, waited_seconds = @waited, service_seconds = @served, case_id = @case, version = @v
                    where tenant_id = @t and turn_id = @id and version < @v
                    """,
                TurnExpired => $"update {write.Schema}.turn_facts set finished_at = @at, expiry = @expiry, version = @v where tenant_id = @t and turn_id = @id and version < @v",
                _ => null,
            };
            if (sql is null) continue;
            await using var cmd = write.Command(sql);
            cmd.Parameters.AddWithValue("t", e.Tenant.Value);
            cmd.Parameters.AddWithValue("id", e.StreamId);
            cmd.Parameters.AddWithValue("at", NpgsqlDbType.TimestampTz, e.RecordedAt.ToUniversalTime());
            cmd.Parameters.AddWithValue("v", e.Version);
            switch (e.Data)
            {
                case TurnIssued i:
                    cmd.Parameters.AddWithValue("service", i.Service);
                    cmd.Parameters.AddWithValue("day", i.Day);
                    break;
                case TurnCalled c:
                    cmd.Parameters.AddWithValue("waited", c.WaitedSeconds);
                    break;
                case TurnServed s:
                    cmd.Parameters.AddWithValue("waited", s.WaitedSeconds);
                    cmd.Parameters.AddWithValue("served", s.ServiceSeconds);
                    cmd.Parameters.AddWithValue("case", s.CaseId);
                    break;
                case TurnExpired x:
                    cmd.Parameters.AddWithValue("expiry", WireName.Of(x.Reason));
                    break;
            }
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }
}
