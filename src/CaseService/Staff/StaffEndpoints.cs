using Atencion.EventStore.Marten.Store;
using RequiredAttribute = System.ComponentModel.DataAnnotations.RequiredAttribute;
using Atencion.CaseService.Auth;
using Atencion.CaseService.Http;
using Atencion.Domain.Entities;
using Atencion.EventStore;
using Atencion.Projections;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atencion.CaseService.Staff;

/// <summary>Register a staff member: name, skills (from the entity's list), whether they take cases, the email staff notices go to, and whether they supervise (get the entity's alerts).</summary>
public sealed record StaffRequest([Required] string? Name, IReadOnlyList<string>? Skills, bool? Active, string? Email = null, bool? Supervisor = null);

/// <summary>Mark oneself present (renew at least every heartbeat) or absent.</summary>
public sealed record PresenceRequest([Required] bool? Present);

/// <summary>A staff member with their load and presence: <c>openCases</c> in total and <c>openCasesBySkill</c>, the same cases by the skill they need (<c>skill</c> null for cases needing none), which automatic assignment balances.</summary>
public sealed record StaffMember(string UserId, string Name, IReadOnlyList<string> Skills, bool Active, int OpenCases, DateTimeOffset? LastAssignedAt, bool Present, DateTimeOffset? PresentUntil,
    string? Email, bool Supervisor, IReadOnlyList<SkillLoad> OpenCasesBySkill);

/// <summary>A staff member's open cases that need one skill (<c>skill</c> null: cases needing none).</summary>
public sealed record SkillLoad(string? Skill, int OpenCases);

public static class StaffEndpoints
{
    public static RouteGroupBuilder MapStaff(this RouteGroupBuilder api)
    {
        var staff = api.MapGroup("/staff").WithTags("Staff");
        staff.MapPut("/me/presence", Presence).RequireAuthorization(Roles.TakesCases)
            .WithSummary("Mark the caller present (renew within the entity's heartbeat, default 60 s) or absent.").ProducesValidationProblem();
        staff.MapPut("/{userId}", Register).RequireAuthorization(Roles.Administers)
            .WithSummary("Register or change a staff member, their skills, notice email and supervisor flag (admin); an event of the entity's stream.").ProducesValidationProblem();
        staff.MapGet("/", List).RequireAuthorization(Roles.SeesStaff)
            .WithSummary("Staff with skills, open cases (in total and by the skill the cases need) and presence (supervisor, admin).");
        return api;
    }

    public static async Task<Ok<StaffMember>> Register(string userId, StaffRequest request, HttpContext http, MartenEventStore store, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        var entity = TenantFilter.EntityOf(http);
        var events = new RegisterStaff(userId, request.Name, request.Skills, request.Active, request.Email, request.Supervisor).Decide(entity.Settings);
        await store.AppendAsync(TenantFilter.TenantOf(http), ChangeSettings.StreamId(entity.Tenant), EventCatalog.EntityStream,
            ExpectedVersion.Any, events.Cast<object>().ToList(), Actor.Metadata(http, "console"), ct: ct);
        return TypedResults.Ok((await Read(db, entity.Tenant, time.GetUtcNow(), userId, ct)).Single());
    }

    public static async Task<Ok<StaffMember>> Presence(PresenceRequest request, HttpContext http, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        if (request.Present is null)
            throw new Domain.Common.ValidationFailed(new Dictionary<string, string[]> { ["present"] = ["is required: true or false."] });
        var entity = TenantFilter.EntityOf(http);
        var user = http.User.FindFirst("sub")!.Value;
        var now = time.GetUtcNow();
        await using var cmd = db.CreateCommand("""
            insert into atencion.staff (tenant_id, user_id, name, present_until, known) values (@t, @u, @u, @until, true)
            on conflict (tenant_id, user_id) do update set present_until = excluded.present_until, known = true,
                absent_since = case when excluded.present_until is null then @now end
            """);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("t", entity.Tenant);
        cmd.Parameters.AddWithValue("u", user);
        cmd.Parameters.AddWithValue("until", NpgsqlTypes.NpgsqlDbType.TimestampTz,
            request.Present.Value ? now.AddSeconds(entity.Settings.Chat.PresenceHeartbeatSeconds) : DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
        return TypedResults.Ok((await Read(db, entity.Tenant, now, user, ct)).Single());
    }

    public static async Task<Ok<IReadOnlyList<StaffMember>>> List(HttpContext http, NpgsqlDataSource db, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await Read(db, TenantFilter.EntityOf(http).Tenant, time.GetUtcNow(), null, ct));

    private static async Task<IReadOnlyList<StaffMember>> Read(NpgsqlDataSource db, string tenant, DateTimeOffset now, string? user, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            select s.user_id, s.name, s.skills, s.active, s.open_cases, s.last_assigned_at, s.present_until, s.email, s.supervisor,
                coalesce((select array_agg(l.skill order by l.skill) from atencion.staff_skill_load l
                          where l.tenant_id = s.tenant_id and l.user_id = s.user_id and l.open_cases > 0), '{}'),
                coalesce((select array_agg(l.open_cases order by l.skill) from atencion.staff_skill_load l
                          where l.tenant_id = s.tenant_id and l.user_id = s.user_id and l.open_cases > 0), '{}')
            from atencion.staff s
            where s.tenant_id = @t and (@u::text is null or s.user_id = @u) order by s.user_id
            """);
        cmd.Parameters.AddWithValue("t", tenant);
        cmd.Parameters.AddWithValue("u", NpgsqlTypes.NpgsqlDbType.Text, (object?)user ?? DBNull.Value);
        var list = new List<StaffMember>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            DateTimeOffset? until = r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6);
            list.Add(new StaffMember(r.GetString(0), r.GetString(1), r.GetFieldValue<string[]>(2), r.GetBoolean(3), r.GetInt32(4),
                r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5), until > now, until,
                r.IsDBNull(7) ? null : r.GetString(7), r.GetBoolean(8),
                r.GetFieldValue<string[]>(9).Zip(r.GetFieldValue<int[]>(10), (skill, n) => new SkillLoad(skill == "" ? null : skill, n)).ToList()));
        }
        return list;
    }
}
