using Atencion.EventStore.Marten.Store;
using Atencion.CaseService.Http;
using Atencion.Domain.Cases;
using Atencion.EventStore;
using Atencion.EventStore.Appending;
using Atencion.Projections;
using Wolverine;
using Wolverine.Runtime;

namespace Atencion.CaseService.Cases;

/// <summary>What a command decided: the events, and what the response tells the caller besides the new version.</summary>
public sealed record Decision(IReadOnlyList<ICaseEvent> Events, string? Radicado = null, string? TrackingCode = null, string? Assignee = null,
    Surveys.SurveyOffered? Survey = null)
{
    public static implicit operator Decision(List<ICaseEvent> events) => new(events);
}

/// <summary>Runs case commands through Wolverine: <see cref="DecideCase"/> and <see cref="StartCase"/>, invoked in process for the case's tenant.</summary>
/// <remarks>
/// The handlers load, decide and append in Wolverine's aggregate handler workflow on Marten; conflicts are retried by
/// Wolverine's error policy (<see cref="DecideCaseHandler"/>). This is the one door the endpoints, jobs and handlers use.
/// </remarks>
public sealed class CaseCommands(IWolverineRuntime runtime, MartenEventStore store)
{
    // Long enough for a command that loses many conflicts in a row (300 attempts, pauses up to 50 ms) under load.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>The store's clock.</summary>
    public DateTimeOffset Now => store.Options.Time.GetUtcNow();

    /// <summary>Opens a new case, running <paramref name="alsoDecide"/> (e.g. filing) in the same transaction.</summary>
    public async Task<(AppendResult Result, Decision Extra)> OpenAsync(
        TenantId tenant, Guid caseId, IReadOnlyList<ICaseEvent> opening, EventMetadata metadata,
        Func<StoreTransaction, CancellationToken, Task<Decision>>? alsoDecide, CancellationToken ct)
    {
        var outcome = await InvokeAsync(tenant, new StartCase(tenant, caseId, opening, metadata, alsoDecide), ct);
        return (outcome.Result, outcome.Decision);
    }

    /// <summary>Decides and appends a command on an existing case, deciding again on the new state when another writer got there first.</summary>
    public async Task<(AppendResult Result, Decision Decision)> HandleAsync(
        TenantId tenant, Guid caseId, IfMatchCondition? ifMatch, EventMetadata metadata,
        Func<Case, StoreTransaction, CancellationToken, Task<Decision>> decide, CancellationToken ct)
    {
        var outcome = await InvokeAsync(tenant, new DecideCase(tenant, caseId, ifMatch, metadata, new CaseDecider(decide)), ct);
        return (outcome.Result, outcome.Decision);
    }

    /// <summary>Decides and appends a command that needs nothing from the transaction.</summary>
    public Task<(AppendResult Result, Decision Decision)> HandleAsync(
        TenantId tenant, Guid caseId, IfMatchCondition? ifMatch, EventMetadata metadata, Func<Case, IReadOnlyList<ICaseEvent>> decide, CancellationToken ct) =>
        HandleAsync(tenant, caseId, ifMatch, metadata, (c, _, _) => Task.FromResult(new Decision(decide(c))), ct);

    private async Task<CaseOutcome> InvokeAsync(TenantId tenant, object command, CancellationToken ct) =>
        await new MessageBus(runtime).InvokeForTenantAsync<CaseOutcome>(tenant.Value, command, ct, Timeout);
}
