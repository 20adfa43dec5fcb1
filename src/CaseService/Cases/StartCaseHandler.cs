using Atencion.EventStore.Marten.Store;
using Atencion.Projections;
using Marten;

namespace Atencion.CaseService.Cases;

/// <summary>Wolverine's handler that opens a case: starts its stream in the session Wolverine saves (<c>AutoApplyTransactions</c>).</summary>
/// <remarks>What the opening also decides (filing, a survey offer) runs first, in the session's transaction, and commits with the opening.</remarks>
public static class StartCaseHandler
{
    /// <summary>Starts the case's stream; the outcome's result is readable once Wolverine has committed.</summary>
    public static async Task<CaseOutcome> Handle(StartCase command, IDocumentSession session, MartenEventStore store, CancellationToken ct)
    {
        var appends = SessionAppends.Of(session, store);
        var extra = command.AlsoDecide is null ? new Decision([]) : await command.AlsoDecide(await appends.BeginAsync(ct), ct);
        appends.Track(command.Tenant, command.CaseId, EventCatalog.CaseStream, command.Metadata);
        session.Events.StartStream(command.CaseId, [.. command.Opening.Concat(extra.Events).Cast<object>()]);
        return CaseOutcome.Appended(extra, appends, command.Tenant, command.CaseId);
    }
}
