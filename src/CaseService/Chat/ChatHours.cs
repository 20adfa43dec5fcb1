using Atencion.CaseService.Entities;
using Atencion.Domain.Calendar;
using Atencion.Domain.Chat;
using Atencion.Projections.Entities;
using Npgsql;

namespace Atencion.CaseService.Chat;

/// <summary>The entity's chat hours and whether an advisor is present now: the inputs of <see cref="ChatAvailability"/>.</summary>
public static class ChatHours
{
    private const string PresentSql = "select exists (select 1 from atencion.staff where tenant_id = @t and active and present_until > @now)";

    /// <summary>The entity's chat hours, closed on national holidays and its local non-working days.</summary>
    public static WeeklyHours Of(Entity entity, TimeProvider time)
    {
        var clock = EntityClock.For(entity, time);
        return WeeklyHours.Parse(entity.Settings.ChatHours, clock.Calendar, clock.Zone);
    }

    /// <summary>Whether at least one active staff member's presence has not lapsed.</summary>
    public static async Task<bool> AdvisorPresentAsync(NpgsqlDataSource db, string tenant, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(PresentSql);
        cmd.Parameters.AddWithValue("t", tenant);
        cmd.Parameters.AddWithValue("now", now);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Availability now.</summary>
    public static async Task<ChatAvailability> AvailabilityAsync(Entity entity, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return ChatAvailability.Decide(Of(entity, time), now, await AdvisorPresentAsync(db, entity.Tenant, now, ct));
    }
}
