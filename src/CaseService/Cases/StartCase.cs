using Atencion.Domain.Cases;
using Atencion.EventStore;
using Atencion.EventStore.Marten.Store;

namespace Atencion.CaseService.Cases;

/// <summary>Opens a case, as Wolverine handles it (<see cref="StartCaseHandler"/>): invoked in process, never sent.</summary>
/// <param name="Tenant">The case's entity.</param>
/// <param name="CaseId">The new case's id (its stream).</param>
/// <param name="Opening">The opening events, <see cref="CaseOpened"/> first.</param>
/// <param name="Metadata">Who acts, through which channel: stamped on every event.</param>
/// <param name="AlsoDecide">What else the opening decides in the same transaction (filing it, a survey offer), if anything.</param>
public sealed record StartCase(
    TenantId Tenant, Guid CaseId, IReadOnlyList<ICaseEvent> Opening, EventMetadata Metadata,
    Func<StoreTransaction, CancellationToken, Task<Decision>>? AlsoDecide);
