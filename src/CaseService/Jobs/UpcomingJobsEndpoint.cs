using Atencion.CaseService.Auth;
using Atencion.CaseService.Entities;
using Atencion.CaseService.Http;
using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;
using Atencion.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atencion.CaseService.Jobs;

/// <summary>One thing the scheduler will do for the entity, and when by the service's clock.</summary>
/// <param name="CaseId">The case concerned.</param>
/// <param name="Radicado">Its radicado, if filed.</param>
/// <param name="Kind">deadline-warning, deadline-breach, referral-breach, idle-prompt or idle-close.</param>
/// <param name="DueAt">When it falls due (the sweep acts within its interval after that).</param>
public sealed record UpcomingJob(Guid CaseId, string? Radicado, string Kind, DateTimeOffset DueAt);

/// <summary>The entity's upcoming scheduled actions, and what this node's sweeps did lately.</summary>
/// <param name="Now">The service's clock.</param>
/// <param name="Upcoming">What falls due next, soonest first (overdue ones first of all: the next sweep takes them).</param>
/// <param name="Sweeps">Each sweep's interval and its last run on the node that answered.</param>
public sealed record UpcomingJobs(DateTimeOffset Now, IReadOnlyList<UpcomingJob> Upcoming, IReadOnlyList<SweepStatus> Sweeps);

/// <summary>A sweep's schedule and its last run on this node (null when it has not run here: another node may run it).</summary>
public sealed record SweepStatus(string Name, double IntervalSeconds, SweepRun? LastRun);

/// <summary><c>GET /api/{tenant}/jobs/upcoming</c>: when each deadline warning, breach and idle-chat step of the entity falls due.</summary>
public static class UpcomingJobsEndpoint
{
    private const string Sql = $"""
        select case_id, radicado, status, due_date, coalesce((view ->> 'competent')::boolean, true),
               (view ->> 'deadlineWarnedFor')::date, (view ->> 'referralDueDate')::date, (view ->> 'referral') is not null,
               {DeadlineSweep.ResponseBreached},
               {DeadlineSweep.ReferralBreached},
               chat_live, (view -> 'chat' ->> 'citizenActiveAt')::timestamptz, coalesce((view -> 'chat' ->> 'idlePrompted')::boolean, false)
        from atencion.case_views
        where tenant_id = @t and ((status in ('open', 'in-progress') and due_date is not null) or chat_live
            or ((view ->> 'competent') = 'false' and status not in ('closed', 'answered')))
        """;

    public static RouteGroupBuilder MapJobs(this RouteGroupBuilder api)
    {
        api.MapGet("/jobs/upcoming", Get).WithTags("Jobs").RequireAuthorization(Roles.SeesStaff)
            .WithSummary("The entity's upcoming deadline warnings and breaches and idle-chat steps, soonest first, and the sweeps' last runs (supervisor, admin).")
            .ProducesValidationProblem();
        return api;
    }

    public static async Task<Ok<UpcomingJobs>> Get(HttpContext http, int? limit, NpgsqlDataSource db, JobSettings settings, JobRuns runs, TimeProvider time, CancellationToken ct)
    {
        if (limit is < 1 or > 1000) throw new ValidationFailed(new Dictionary<string, string[]> { ["limit"] = ["must be between 1 and 1000."] });
        var entity = TenantFilter.EntityOf(http);
        var clock = EntityClock.For(entity, time);
        var timings = entity.Settings.Chat;
        var list = new List<UpcomingJob>();
        await using (var cmd = db.CreateCommand(Sql))
        {
            cmd.Parameters.AddWithValue("t", entity.Tenant);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var id = r.GetGuid(0);
                var radicado = r.IsDBNull(1) ? null : r.GetString(1);
                void Add(string kind, DateTimeOffset at) => list.Add(new UpcomingJob(id, radicado, kind, at));
                var competent = r.GetBoolean(4);
                if (r.GetString(2) is "open" or "in-progress" && !r.IsDBNull(3) && competent && !r.GetBoolean(8))
                {
                    var due = r.GetFieldValue<DateOnly>(3);
                    var warned = r.IsDBNull(5) ? (DateOnly?)null : r.GetFieldValue<DateOnly>(5);
                    if (warned != due && clock.Today <= due)
                        Add("deadline-warning", DeadlineCheck.WarningAt(due, settings.DeadlineWarningBusinessDays, clock.Calendar, clock.Zone));
                    Add("deadline-breach", DeadlineCheck.BreachAt(due, clock.Zone));
                }
                if (!competent && !r.IsDBNull(6) && !r.GetBoolean(7) && !r.GetBoolean(9))
                    Add("referral-breach", DeadlineCheck.BreachAt(r.GetFieldValue<DateOnly>(6), clock.Zone));
                if (r.GetBoolean(10) && !r.IsDBNull(11))
                {
                    var active = r.GetFieldValue<DateTimeOffset>(11);
                    if (!r.GetBoolean(12)) Add("idle-prompt", active.AddSeconds(timings.IdlePromptAfterSeconds));
                    Add("idle-close", active.AddSeconds(timings.IdleCloseAfterSeconds));
                }
            }
        }
        var last = runs.All.ToDictionary(x => x.Sweep);
        return TypedResults.Ok(new UpcomingJobs(
            clock.Now,
            list.OrderBy(j => j.DueAt).ThenBy(j => j.CaseId).Take(limit ?? 100).ToList(),
            settings.Intervals.Select(i => new SweepStatus(i.Key, i.Value.TotalSeconds, last.GetValueOrDefault(i.Key))).ToList()));
    }
}
