using Atencion.CaseService.Cases;
using Atencion.CaseService.Entities;
using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;
using Atencion.Domain.Cases.Emails;
using Atencion.EventStore;
using Atencion.Projections.Entities;
using Npgsql;

namespace Atencion.CaseService.Jobs;

/// <summary>Raises deadline warnings and records breaches (answer and referral) of every entity's cases that fell due by the service's clock.</summary>
/// <remarks>
/// Candidates come from the inline case views (the running term's due date, and what was already warned or breached);
/// each is then decided on the case's own stream by <see cref="DeadlineCheck"/> and appended with its expected
/// version, so a candidate that another node handled meanwhile decides nothing.
/// </remarks>
public sealed class DeadlineSweep(
    NpgsqlDataSource db, EntityRegistry entities, CaseCommands cases, CaseEmails emails, JobSettings settings, TimeProvider time, ILogger<DeadlineSweep> log) : ISweep
{
    /// <summary>The sweep's name.</summary>
    public const string JobName = "deadlines";

    /// <inheritdoc />
    public string Name => JobName;

    /// <summary>Whether the case view records the breach of its current due date (SQL over <c>atencion.case_views</c>).</summary>
    internal const string ResponseBreached = """
        exists (select 1 from jsonb_array_elements(coalesce(view -> 'breaches', '[]')) b
                where b ->> 'kind' = 'response' and b ->> 'dueDate' = to_char(due_date, 'YYYY-MM-DD'))
        """;

    /// <summary>Whether the case view records the breach of its referral deadline.</summary>
    internal const string ReferralBreached =
        "exists (select 1 from jsonb_array_elements(coalesce(view -> 'breaches', '[]')) b where b ->> 'kind' = 'referral')";

    /// <summary>Cases whose running answer term is due a warning or a breach, or whose referral term passed, and not yet marked so.</summary>
    internal const string CandidatesSql = $"""
        select case_id from atencion.case_views
        where tenant_id = @t and (
            (status in ('open', 'in-progress') and due_date is not null and coalesce((view ->> 'competent')::boolean, true)
             and ((due_date < @today and not {ResponseBreached})
               or (due_date >= @today and due_date <= @horizon
                   and (view ->> 'deadlineWarnedFor') is distinct from to_char(due_date, 'YYYY-MM-DD'))))
         or ({Projections.Cases.OverdueSql.Referral} and not {ReferralBreached}))
        order by due_date nulls last
        limit 500
        """;

    /// <inheritdoc />
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var acted = 0;
        foreach (var tenant in await entities.ListAsync(ct))
        {
            var entity = await entities.FindAsync(tenant, ct);
            if (entity is null) continue;
            var clock = EntityClock.For(entity, time);
            // Due dates up to this one have at most the warning's business days left (trailing non-business days included).
            var horizon = clock.Calendar.AddBusinessDays(clock.Today, settings.DeadlineWarningBusinessDays + 1).AddDays(-1);
            var candidates = await CandidatesAsync(tenant, clock.Today, horizon, ct);
            var supervisors = candidates.Count == 0 ? [] : await entities.SupervisorsAsync(tenant, ct);
            foreach (var caseId in candidates)
            {
                try
                {
                    var metadata = new EventMetadata("system", "system", null, "deadlines", Guid.NewGuid());
                    var (result, _) = await cases.HandleAsync(new TenantId(tenant), caseId, null, metadata,
                        async (c, _, token) => new Decision(await DecideAsync(c, entity, supervisors, token)), ct);
                    acted += result.Events.Count;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One case's failure must not hold back every other deadline; the next sweep tries it again.
                    log.LogError(e, "Deadline check of case {CaseId} of {Tenant} failed", caseId, tenant);
                }
            }
        }
        return acted;
    }

    // The warning goes to the hub (from the event) and by email, with the warning in the same transaction, to the
    // supervisors and the assignee who have an address.
    private async Task<IReadOnlyList<ICaseEvent>> DecideAsync(Case c, Entity entity, IReadOnlyList<string> supervisors, CancellationToken ct)
    {
        var events = DeadlineCheck.Decide(c, EntityClock.For(entity, time), settings.DeadlineWarningBusinessDays).ToList();
        if (events.OfType<DeadlineWarningRaised>().FirstOrDefault() is not { } warning) return events;
        var to = supervisors.ToList();
        if (c.Assignee is { } assignee && await entities.StaffEmailAsync(entity.Tenant, assignee, ct) is { } email && !to.Contains(email, StringComparer.OrdinalIgnoreCase))
            to.Add(email);
        if (emails.DeadlineWarning(entity.Tenant, entity.Settings.Name, c, to, warning.DueDate, warning.BusinessDaysLeft) is { } queued)
            events.Add(queued);
        return events;
    }

    private async Task<List<Guid>> CandidatesAsync(string tenant, DateOnly today, DateOnly horizon, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(CandidatesSql);
        cmd.Parameters.AddWithValue("t", tenant);
        cmd.Parameters.AddWithValue("today", today);
        cmd.Parameters.AddWithValue("horizon", horizon);
        var ids = new List<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
        return ids;
    }
}
