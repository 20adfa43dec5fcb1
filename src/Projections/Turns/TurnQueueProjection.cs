using Atencion.Domain.Turns;
using Atencion.EventStore.Appending;
using Npgsql;
using NpgsqlTypes;

namespace Atencion.Projections.Turns;

/// <summary>Keeps <c>atencion.turns</c> (the queue per service and day, and the waiting-room board) in step with each turn stream.</summary>
public sealed class TurnQueueProjection : IInlineProjection
{
    public bool Handles(string streamType) => streamType == EventCatalog.TurnStream;

    public async Task ApplyAsync(AppendContext context, CancellationToken ct)
    {
        foreach (var e in context.Events)
        {
            (string? sql, Action<NpgsqlParameterCollection>? fill) = e.Data switch
            {
                TurnIssued i => ("""
                    insert into atencion.turns (tenant_id, turn_id, service, label, number, day, status, issued_at, version)
                    values (@t, @id, @service, @label, @number, @day, 'waiting', @at, @v)
                    """, (Action<NpgsqlParameterCollection>)(p =>
                    {
                        p.AddWithValue("service", i.Service);
                        p.AddWithValue("label", i.Label);
                        p.AddWithValue("number", i.Number);
                        p.AddWithValue("day", i.Day);
                    })),
                TurnCalled c => ("update atencion.turns set status = 'called', desk = @desk, called_at = @at, version = @v where tenant_id = @t and turn_id = @id",
                    p => p.AddWithValue("desk", c.Desk)),
                TurnServed s => ("update atencion.turns set status = 'served', case_id = @case, finished_at = @at, version = @v where tenant_id = @t and turn_id = @id",
                    p => p.AddWithValue("case", s.CaseId)),
                TurnExpired => ("update atencion.turns set status = 'expired', finished_at = @at, version = @v where tenant_id = @t and turn_id = @id",
                    (Action<NpgsqlParameterCollection>)(_ => { })),
                _ => (null, null),
            };
            if (sql is null) continue;
            await using var cmd = context.Command(sql);
            cmd.Parameters.AddWithValue("t", context.Tenant.Value);
            cmd.Parameters.AddWithValue("id", context.StreamId);
            cmd.Parameters.AddWithValue("at", NpgsqlDbType.TimestampTz, e.RecordedAt.ToUniversalTime());
            cmd.Parameters.AddWithValue("v", e.Version);
            fill!(cmd.Parameters);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }
}
