using Atencion.EventStore.Marten.Store;
using Atencion.EventStore;
using Atencion.EventStore.Appending;

namespace Atencion.CaseService.Cases;

/// <summary>Equitable assignment by current load (the Facatativá procedure): among present staff with the skill, the fewest open cases needing that skill, then the fewest open cases in all, then the one idle longest.</summary>
/// <remarks>
/// The choice is made under a per-tenant advisory lock held until the assignment commits, so simultaneous assignments
/// see each other's load and cannot pile onto the same person. The load is the inline read model
/// (<c>atencion.staff_skill_load</c> per skill, <c>atencion.staff.open_cases</c> in total), exact at the append's commit.
/// A case that needs no skill goes by the total alone.
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
            select s.user_id from atencion.staff s
            left join atencion.staff_skill_load l on l.tenant_id = s.tenant_id and l.user_id = s.user_id and l.skill = @skill
            where s.tenant_id = @t and s.active and s.present_until > @now and (@skill::text is null or @skill = any(s.skills))
            order by coalesce(l.open_cases, 0), s.open_cases, s.last_assigned_at nulls first, s.user_id
            limit 1
            """);
        cmd.Parameters.AddWithValue("t", tenant.Value);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("skill", NpgsqlTypes.NpgsqlDbType.Text, (object?)skill ?? DBNull.Value);
        return await cmd.ExecuteScalarAsync(ct) as string;
    }
}
