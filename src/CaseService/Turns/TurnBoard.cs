using Atencion.CaseService.Entities;
using Atencion.CaseService.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atencion.CaseService.Turns;

/// <summary>A called turn as the waiting-room screen shows it.</summary>
public sealed record BoardTurn(Guid TurnId, string Label, string Service, string Desk, DateTimeOffset CalledAt);

/// <summary>The waiting-room screen: the turns now called (latest first) and how many wait per service; nothing about anyone.</summary>
public sealed record Board(DateOnly Day, IReadOnlyList<BoardTurn> Called, IReadOnlyDictionary<string, int> Waiting);

/// <summary>Reads the board for today in the entity's time zone.</summary>
public static class TurnBoard
{
    /// <summary>The most called turns the screen lists.</summary>
    public const int MaxCalled = 20;

    public static async Task<Ok<Board>> Get(HttpContext http, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        var tenant = TenantFilter.TenantOf(http);
        var day = EntityClock.For(TenantFilter.EntityOf(http), time).Today;
        var called = new List<BoardTurn>();
        await using (var cmd = db.CreateCommand("""
            select turn_id, label, service, desk, called_at from atencion.turns
            where tenant_id = $1 and day = $2 and status = 'called' order by called_at desc, number desc limit $3
            """))
        {
            cmd.Parameters.AddWithValue(tenant.Value);
            cmd.Parameters.AddWithValue(day);
            cmd.Parameters.AddWithValue(MaxCalled);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                called.Add(new BoardTurn(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetFieldValue<DateTimeOffset>(4)));
        }
        var waiting = new Dictionary<string, int>();
        await using (var cmd = db.CreateCommand("""
            select service, count(*) from atencion.turns where tenant_id = $1 and day = $2 and status = 'waiting' group by service order by service
            """))
        {
            cmd.Parameters.AddWithValue(tenant.Value);
            cmd.Parameters.AddWithValue(day);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) waiting[r.GetString(0)] = (int)r.GetInt64(1);
        }
        return TypedResults.Ok(new Board(day, called, waiting));
    }
}
