using Atencion.CaseService.Http;
using Atencion.Domain.Cases;
using Atencion.EventStore;
using Atencion.EventStore.Marten.Store;

namespace Atencion.CaseService.Cases;

/// <summary>How a command decides on a case: from its state, with the command's transaction for what it allocates in SQL.</summary>
public delegate Task<Decision> CaseDecider(Case state, StoreTransaction transaction, CancellationToken ct);

/// <summary>A command on an existing case, as Wolverine handles it (<see cref="DecideCaseHandler"/>): invoked in process, never sent.</summary>
/// <param name="Tenant">The case's entity.</param>
/// <param name="CaseId">The case (the stream Wolverine fetches for writing).</param>
/// <param name="IfMatch">The versions the caller's If-Match names, if it sent one.</param>
/// <param name="Metadata">Who acts, through which channel: stamped on every event.</param>
/// <param name="Decide">The decision: the domain's, given the case as the log has it now.</param>
public sealed record DecideCase(TenantId Tenant, Guid CaseId, IfMatchCondition? IfMatch, EventMetadata Metadata, CaseDecider Decide);
