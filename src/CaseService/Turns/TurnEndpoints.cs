using Atencion.CaseService.Entities;
using Atencion.CaseService.Http;
using Atencion.Domain.Common;
using Atencion.Domain.Turns;
using Atencion.EventStore;
using Atencion.Projections;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atencion.CaseService.Turns;

/// <summary>The kiosk's request: which service the citizen comes for.</summary>
public sealed record IssueTurnRequest(string? Service);

/// <summary>The printed ticket: its label, how many are ahead in that service's queue, when it was issued.</summary>
public sealed record TurnTicket(Guid TurnId, string Service, string Label, int Number, int WaitingAhead, DateTimeOffset IssuedAt);

/// <summary>Staff call the next turn of a service to their desk.</summary>
public sealed record CallNextRequest(string? Service, string? Desk);

/// <summary>The called turn.</summary>
public sealed record CalledTurn(Guid TurnId, string Service, string Label, string Desk, int WaitedSeconds);

/// <summary>The case opened for the citizen of the turn.</summary>
public sealed record ServedRequest(Guid? CaseId);

/// <summary>The served turn with its measured times.</summary>
public sealed record ServedTurn(Guid TurnId, string Label, Guid CaseId, int WaitedSeconds, int ServiceSeconds);

/// <summary>The kiosk (issue), the desks (call next, served).</summary>
public static class TurnEndpoints
{
    public static async Task<Created<TurnTicket>> Issue(IssueTurnRequest request, HttpContext http, PostgresEventStore store,
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

    public static async Task<Ok<CalledTurn>> CallNext(CallNextRequest request, HttpContext http, PostgresEventStore store,
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

    public static async Task<Ok<ServedTurn>> Served(Guid id, ServedRequest request, HttpContext http, PostgresEventStore store,
        TimeProvider time, CancellationToken ct)
    {
        if (request.CaseId is not { } caseId || caseId == Guid.Empty)
            throw new ValidationFailed(new Dictionary<string, string[]> { ["caseId"] = ["is required: the id of the case opened for the citizen."] });
        var tenant = TenantFilter.TenantOf(http);
        return TypedResults.Ok(await store.InTransactionRetryingAsync(async (t, c) =>
        {
            await using (var exists = t.Command("select 1 from atencion.case_views where tenant_id = @t and case_id = @c"))
            {
                exists.Parameters.AddWithValue("t", tenant.Value);
                exists.Parameters.AddWithValue("c", caseId);
                if (await exists.ExecuteScalarAsync(c) is null)
                    throw new ValidationFailed(new Dictionary<string, string[]> { ["caseId"] = [$"names no case of this entity ({caseId})."] });
            }
            var (turn, version) = await TurnStore.LockAsync(t, tenant, id, c) ?? throw new ResourceNotFound($"There is no turn {id}.");
            var served = (TurnServed)turn.Serve(caseId, time.GetUtcNow())[0];
            await TurnStore.AppendAsync(t, tenant, id, version, [served], Actor.Metadata(http, "in-person"), c);
            return new ServedTurn(id, turn.Label, caseId, served.WaitedSeconds, served.ServiceSeconds);
        }, ct));
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
