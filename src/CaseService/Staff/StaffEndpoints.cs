using Atencion.CaseService.Auth;
using Atencion.CaseService.Http;
using Atencion.Domain.Entities;
using Atencion.EventStore;
using Atencion.Projections;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atencion.CaseService.Staff;

/// <summary>Register a staff member: name, skills (from the entity's list), whether they take cases, the email staff notices go to, and whether they supervise (get the entity's alerts).</summary>
public sealed record StaffRequest(string? Name, IReadOnlyList<string>? Skills, bool? Active, string? Email = null, bool? Supervisor = null);

/// <summary>Mark oneself present (renew at least every heartbeat) or absent.</summary>
public sealed record PresenceRequest(bool? Present);

/// <summary>A staff member with their load and presence.</summary>
public sealed record StaffMember(string UserId, string Name, IReadOnlyList<string> Skills, bool Active, int OpenCases, DateTimeOffset? LastAssignedAt, bool Present, DateTimeOffset? PresentUntil,
    string? Email, bool Supervisor);

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
            .WithSummary("Staff with skills, open cases and presence (supervisor, admin).");
        return api;
    }

    public static async Task<Ok<StaffMember>> Register(string userId, StaffRequest request, HttpContext http, PostgresEventStore store, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
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
            insert into atencion.staff (tenant_id, user_id, name, present_until) values (@t, @u, @u, @until)
            on conflict (tenant_id, user_id) do update set present_until = excluded.present_until,
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
            select user_id, name, skills, active, open_cases, last_assigned_at, present_until, email, supervisor from atencion.staff
            where tenant_id = @t and (@u::text is null or user_id = @u) order by user_id
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
                r.IsDBNull(7) ? null : r.GetString(7), r.GetBoolean(8)));
        }
        return list;
    }
}
