using Atencion.EventStore;
using Atencion.EventStore.Appending;

namespace Atencion.CaseService.Cases;

/// <summary>Equitable assignment by current load (the Facatativá procedure): among present staff with the skill, the fewest open cases, ties to the one idle longest.</summary>
/// <remarks>
/// The choice is made under a per-tenant advisory lock held until the assignment commits, so simultaneous assignments
/// see each other's load and cannot pile onto the same person.
/// </remarks>
public static class Assignment
{
    public static async Task<string?> PickAsync(StoreTransaction t, TenantId tenant, string? skill, DateTimeOffset now, CancellationToken ct)
    {
        await using (var lk = t.Command("select pg_advisory_xact_lock(hashtext('assign:' || @t))"))
        {
            lk.Parameters.AddWithValue("t", tenant.Value);
            await lk.ExecuteNonQueryAsync(ct);
        }
        await using var cmd = t.Command("""
            select user_id from atencion.staff
            where tenant_id = @t and active and present_until > @now and (@skill::text is null or @skill = any(skills))
            order by open_cases, last_assigned_at nulls first, user_id
            limit 1
            """);
        cmd.Parameters.AddWithValue("t", tenant.Value);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("skill", NpgsqlTypes.NpgsqlDbType.Text, (object?)skill ?? DBNull.Value);
        return await cmd.ExecuteScalarAsync(ct) as string;
    }
}
