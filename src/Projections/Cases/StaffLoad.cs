using Atencion.Domain.Cases;
using Atencion.EventStore.Appending;

namespace Atencion.Projections.Cases;

/// <summary>Keeps each staff member's count of open cases, in total and per skill the cases need, in step with the case streams (inline, same transaction).</summary>
/// <remarks>
/// The counts move by the difference between the view before and after the append, so they cannot drift from the cases.
/// A case counts for its assignee under the skill it needs (<see cref="CaseView.Skill"/>; '' when none): an escalation
/// moves it from one skill to another, a reassignment from one person to another.
/// </remarks>
internal static class StaffLoad
{
    public static async Task ApplyAsync(AppendContext context, CaseView? before, CaseView after, CancellationToken ct)
    {
        var was = before is { IsOpenLoad: true } ? before.Assignee : null;
        var now = after.IsOpenLoad ? after.Assignee : null;
        if (was != now)
        {
            if (was is not null) await Add(context, was, -1, null, ct);
            if (now is not null) await Add(context, now, +1, context.Events.Any(e => e.Data is CaseAssigned) ? context.Events[^1].RecordedAt : null, ct);
        }
        var wasSkill = was is null ? null : before!.Skill ?? "";
        var nowSkill = now is null ? null : after.Skill ?? "";
        if (was != now || wasSkill != nowSkill)
        {
            if (was is not null) await AddToSkill(context, was, wasSkill!, -1, ct);
            if (now is not null) await AddToSkill(context, now, nowSkill!, +1, ct);
        }
    }

    private static async Task AddToSkill(AppendContext context, string user, string skill, int delta, CancellationToken ct)
    {
        await using var cmd = context.Command("""
            insert into atencion.staff_skill_load (tenant_id, user_id, skill, open_cases) values (@t, @u, @s, greatest(@d, 0))
            on conflict (tenant_id, user_id, skill) do update set open_cases = greatest(staff_skill_load.open_cases + @d, 0)
            """);
        cmd.Parameters.AddWithValue("t", context.Tenant.Value);
        cmd.Parameters.AddWithValue("u", user);
        cmd.Parameters.AddWithValue("s", skill);
        cmd.Parameters.AddWithValue("d", delta);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task Add(AppendContext context, string user, int delta, DateTimeOffset? assignedAt, CancellationToken ct)
    {
        // A case may be assigned to someone not (yet) registered as staff: they get a row so their load is known.
        await using var cmd = context.Command("""
            insert into atencion.staff (tenant_id, user_id, name, open_cases, last_assigned_at)
            values (@t, @u, @u, greatest(@d, 0), @at)
            on conflict (tenant_id, user_id) do update set open_cases = greatest(staff.open_cases + @d, 0),
                last_assigned_at = coalesce(@at, staff.last_assigned_at)
            """);
        cmd.Parameters.AddWithValue("t", context.Tenant.Value);
        cmd.Parameters.AddWithValue("u", user);
        cmd.Parameters.AddWithValue("d", delta);
        cmd.Parameters.AddWithValue("at", NpgsqlTypes.NpgsqlDbType.TimestampTz, assignedAt is { } a ? a : DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
