using Atencion.EventStore.Marten.Store;
using RequiredAttribute = System.ComponentModel.DataAnnotations.RequiredAttribute;
using Atencion.CaseService.Entities;
using Atencion.CaseService.Http;
using Atencion.Domain.Common;
using Atencion.Domain.Turns;
using Atencion.EventStore;
using Atencion.Projections;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atencion.CaseService.Turns;

/// <summary>The kiosk's request: which service the citizen comes for.</summary>
public sealed record IssueTurnRequest(string? Service);

/// <summary>The printed ticket: its label, how many are ahead in that service's queue, when it was issued.</summary>
public sealed record TurnTicket(Guid TurnId, string Service, string Label, int Number, int WaitingAhead, DateTimeOffset IssuedAt);

/// <summary>Staff call the next turn of a service to their desk.</summary>
public sealed record CallNextRequest(string? Service, [Required] string? Desk);

/// <summary>The called turn.</summary>
public sealed record CalledTurn(Guid TurnId, string Service, string Label, string Desk, int WaitedSeconds);

/// <summary>The case opened for the citizen of the turn.</summary>
public sealed record ServedRequest([Required] Guid? CaseId);

/// <summary>The served turn with its measured times.</summary>
public sealed record ServedTurn(Guid TurnId, string Label, Guid CaseId, int WaitedSeconds, int ServiceSeconds);

/// <summary>A turn as the kiosk's ticket (or its QR) follows it: no personal data, there is none on turns.</summary>
/// <param name="TurnId">The turn id.</param>
/// <param name="Service">Its service.</param>
/// <param name="Label">Its label .</param>
/// <param name="Number">Its number of the day in its service.</param>
/// <param name="Day">Its day in the entity's time zone.</param>
/// <param name="Status">waiting, called, served or expired.</param>
/// <param name="Desk">The desk it was called to, once called.</param>
/// <param name="IssuedAt">When the kiosk issued it.</param>
/// <param name="CalledAt">When it was called, once called.</param>
/// <param name="WaitingAhead">While it waits: how many turns of its service are ahead of it; otherwise null.</param>
public sealed record TurnState(Guid TurnId, string Service, string Label, int Number, DateOnly Day, TurnStatus Status, string? Desk,
    DateTimeOffset IssuedAt, DateTimeOffset? CalledAt, int? WaitingAhead);

/// <summary>The kiosk (issue, follow a turn), the desks (call next, served).</summary>
public static class TurnEndpoints
{
    public static async Task<Created<TurnTicket>> Issue(IssueTurnRequest request, HttpContext http, MartenEventStore store,
        TurnSettings settings, TimeProvider time, CancellationToken ct)
    {
        var tenant = TenantFilter.TenantOf(http);
        var (service, prefix) = ServiceOf(settings, tenant, request.Service);
        var clock = EntityClock.For(TenantFilter.EntityOf(http), time);
        var day = clock.Today;
        var turnId = Guid.CreateVersion7();
        var ticket = await store.InTransactionAsync(async (t, c) =>
        {
            await using var next = t.Command("""
                insert into atencion.turn_sequences as s (tenant_id, service, day, last) values (@t, @s, @d, 1)
                on conflict (tenant_id, service, day) do update set last = s.last + 1
                returning last
                """);
            next.Parameters.AddWithValue("t", tenant.Value);
            next.Parameters.AddWithValue("s", service);
            next.Parameters.AddWithValue("d", day);
            var number = (int)(await next.ExecuteScalarAsync(c))!;
            await using var ahead = t.Command("select count(*) from atencion.turns where tenant_id = @t and service = @s and day = @d and status = 'waiting'");
            ahead.Parameters.AddWithValue("t", tenant.Value);
            ahead.Parameters.AddWithValue("s", service);
            ahead.Parameters.AddWithValue("d", day);
            var waiting = (int)(long)(await ahead.ExecuteScalarAsync(c))!;
            var issued = new TurnIssued(turnId, service, Turn.LabelOf(prefix, number), number, day);
            var result = await t.AppendAsync(tenant, turnId, EventCatalog.TurnStream, ExpectedVersion.NoStream, [issued], Actor.Metadata(http, "kiosk"), c);
            return new TurnTicket(turnId, service, issued.Label, number, waiting, result.Events[0].RecordedAt);
        }, ct);
        return TypedResults.Created($"/api/{tenant}/turns/{turnId}", ticket);
    }

    public static async Task<Ok<CalledTurn>> CallNext(CallNextRequest request, HttpContext http, MartenEventStore store,
        TurnSettings settings, TimeProvider time, CancellationToken ct)
    {
        var tenant = TenantFilter.TenantOf(http);
        var v = new Validator().Required("desk", request.Desk, Turn.MaxDesk);
        string service = "";
        try { service = ServiceOf(settings, tenant, request.Service).Service; }
        catch (ValidationFailed failed) { foreach (var m in failed.Errors["service"]) v.Add("service", m); }
        v.ThrowIfAny();
        var clock = EntityClock.For(TenantFilter.EntityOf(http), time);
        return TypedResults.Ok(await store.InTransactionRetryingAsync(async (t, c) =>
        {
            var (turn, version) = await TurnStore.LockOldestWaitingAsync(t, tenant, service, clock.Today, c)
                ?? throw new ResourceNotFound($"No turn of '{service}' is waiting today.");
            var called = (TurnCalled)turn.Call(request.Desk, clock.Now)[0];
            await TurnStore.AppendAsync(t, tenant, turn.Id, version, [called], Actor.Metadata(http, "in-person"), c);
            return new CalledTurn(turn.Id, turn.Service, turn.Label, called.Desk, called.WaitedSeconds);
        }, ct));
    }

    public static async Task<Ok<ServedTurn>> Served(Guid id, ServedRequest request, HttpContext http, MartenEventStore store,
        TimeProvider time, CancellationToken ct)
    {
        if (request.CaseId is not { } caseId || caseId == Guid.Empty)
            throw new ValidationFailed(new Dictionary<string, string[]> { ["caseId"] = ["is required: the id of the case opened for the citizen."] });
        var tenant = TenantFilter.TenantOf(http);
        return TypedResults.Ok(await store.InTransactionRetryingAsync(async (t, c) =>
        {
            // The case's row is locked so that two turns served at once with the same case cannot both pass the check below.
            string channel;
            await using (var exists = t.Command("select channel from atencion.case_views where tenant_id = @t and case_id = @c for update"))
            {
                exists.Parameters.AddWithValue("t", tenant.Value);
                exists.Parameters.AddWithValue("c", caseId);
                channel = await exists.ExecuteScalarAsync(c) as string
                    ?? throw new ValidationFailed(new Dictionary<string, string[]> { ["caseId"] = [$"names no case of this entity ({caseId})."] });
            }
            var (turn, version) = await TurnStore.LockAsync(t, tenant, id, c) ?? throw new ResourceNotFound($"There is no turn {id}.");
            var inPerson = Cases.OpenCaseEndpoint.ChannelName(Domain.Cases.Channel.InPerson);
            if (channel != inPerson)
                throw new RuleViolated($"Case {caseId} was opened on the {channel} channel; a kiosk turn is served by an in-person case.", "not-in-person");
            await using (var claimed = t.Command("select label from atencion.turns where tenant_id = @t and case_id = @c and turn_id <> @id limit 1"))
            {
                claimed.Parameters.AddWithValue("t", tenant.Value);
                claimed.Parameters.AddWithValue("c", caseId);
                claimed.Parameters.AddWithValue("id", id);
                if (await claimed.ExecuteScalarAsync(c) is string label)
                    throw new RuleViolated($"Case {caseId} already served turn {label}; open a case for this turn's citizen.", "linked");
            }
            var served = (TurnServed)turn.Serve(caseId, time.GetUtcNow())[0];
            await TurnStore.AppendAsync(t, tenant, id, version, [served], Actor.Metadata(http, "in-person"), c);
            return new ServedTurn(id, turn.Label, caseId, served.WaitedSeconds, served.ServiceSeconds);
        }, ct));
    }

    public static async Task<Ok<TurnState>> Get(Guid id, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var tenant = TenantFilter.TenantOf(http);
        await using var cmd = db.CreateCommand("""
            select t.turn_id, t.service, t.label, t.number, t.day, t.status, t.desk, t.issued_at, t.called_at,
                   case when t.status = 'waiting' then (select count(*) from atencion.turns w
                        where w.tenant_id = t.tenant_id and w.service = t.service and w.day = t.day and w.status = 'waiting' and w.number < t.number) end
            from atencion.turns t where t.tenant_id = $1 and t.turn_id = $2
            """);
        cmd.Parameters.AddWithValue(tenant.Value);
        cmd.Parameters.AddWithValue(id);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) throw new ResourceNotFound($"There is no turn {id}.");
        return TypedResults.Ok(new TurnState(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetFieldValue<DateOnly>(4),
            Enum.Parse<TurnStatus>(r.GetString(5), ignoreCase: true), r.IsDBNull(6) ? null : r.GetString(6), r.GetFieldValue<DateTimeOffset>(7),
            r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8), r.IsDBNull(9) ? null : (int)r.GetInt64(9)));
    }

    /// <summary>The service's normalised name and prefix, or a 400 listing the entity's services.</summary>
    public static (string Service, string Prefix) ServiceOf(TurnSettings settings, TenantId tenant, string? service)
    {
        var services = settings.ServicesOf(tenant.Value);
        var known = string.Join(", ", services.Keys);
        if (string.IsNullOrWhiteSpace(service))
            throw new ValidationFailed(new Dictionary<string, string[]> { ["service"] = [$"is required: one of {known}."] });
        var name = service.Trim().ToLowerInvariant();
        return services.TryGetValue(name, out var prefix)
            ? (name, prefix)
            : throw new ValidationFailed(new Dictionary<string, string[]> { ["service"] = [$"'{service}' is not a service of this entity: one of {known}."] });
    }
}
