using Atencion.CaseService.Http;
using Atencion.Domain.Cases;
using Atencion.EventStore;
using Atencion.EventStore.Marten.Store;
using Atencion.Projections;
using Marten;
using JasperFx.Events;
using Wolverine.ErrorHandling;
using Wolverine.Marten;
using Wolverine.Runtime.Handlers;

namespace Atencion.CaseService.Cases;

/// <summary>
/// Wolverine's handler of case commands, in its aggregate handler workflow on Marten: the case is fetched for exclusive
/// writing (<c>FetchForExclusiveWriting</c>, folded live by <see cref="Projections.Cases.CaseAggregation"/>), the domain
/// decides, and the events go to the stream, which Marten appends at the version it was fetched at when Wolverine saves
/// the session (<c>AutoApplyTransactions</c>).
/// </summary>
/// <remarks>
/// <para>The decision runs inside the session's transaction (<see cref="SessionAppends.BeginAsync"/>), so that what it
/// allocates there (a radicado, an automatic assignee under the tenant's assignment lock) commits with its events or not
/// at all.</para>
/// <para>Exclusive: the fetch locks the case's stream row (<c>for update</c>) until the commit, so commands on one case
/// queue instead of colliding. Optimistic fetching lost chat messages under load: ten posters at once on a busy machine
/// ran through Wolverine's 25 retries (ChatTests). Every writer of a case stream comes through here, taking the row lock
/// first and the stream's advisory lock second (at the head of the batch), so no two writers wait on each other in a cycle.</para>
/// <para>A conflict that still happens (a writer that appended without the row lock) is retried by Wolverine's error
/// policy (<see cref="Configure"/>): the handler runs again on a new session and decides on the new state, so that
/// commuting commands, like notes and chat messages, are never lost. With If-Match the caller asked for the versions its
/// tags name: a case at any other version, at the first attempt or after a conflict, is a 412.</para>
/// </remarks>
public static class DecideCaseHandler
{
    /// <summary>Attempts before a conflict is answered 409 (Wolverine's most).</summary>
    public const int Attempts = 25;

    /// <summary>Retries a conflict after growing pauses (10 ms more each time, up to 100 ms) with full jitter, so that losers do not collide again in lockstep.</summary>
    public static void Configure(HandlerChain chain) =>
        chain.OnException(e => StoreConflict.Of(e) is not null, "a conflicting append")
            .RetryWithCooldown([.. Enumerable.Range(1, Attempts - 1).Select(i => TimeSpan.FromMilliseconds(Math.Min(10 * i, 100)))])
            .WithFullJitter();

    /// <summary>Decides the command on the case as fetched; the outcome's result is readable once Wolverine has committed.</summary>
    public static async Task<CaseOutcome> Handle(
        DecideCase command, [WriteAggregate(nameof(DecideCase.CaseId), Required = false, LoadStyle = Wolverine.Marten.ConcurrencyStyle.Exclusive)] IEventStream<Projections.Cases.CaseOnStream> stream,
        IDocumentSession session, MartenEventStore store, CancellationToken ct)
    {
        var state = stream.Aggregate?.Case ?? throw new ResourceNotFound($"There is no case {command.CaseId}.");
        var version = stream.CurrentVersion ?? stream.StartingVersion ?? 0;
        if (command.IfMatch is { } ifMatch && !ifMatch.Matches(version)) throw new PreconditionFailed(ifMatch, version);

        var appends = SessionAppends.Of(session, store);
        var decision = await command.Decide(state, await appends.BeginAsync(ct), ct);
        if (decision.Events.Count == 0) return CaseOutcome.Unchanged(decision, version);
        appends.Track(command.Tenant, command.CaseId, EventCatalog.CaseStream, command.Metadata);
        stream.AppendMany(decision.Events.Cast<object>().ToArray());
        return CaseOutcome.Appended(decision, appends, command.Tenant, command.CaseId);
    }
}
