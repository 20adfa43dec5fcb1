using Atencion.Domain.Cases;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Atencion.Projections.Cases;

/// <summary>A case as its stream folds it for a command: the domain's <see cref="Domain.Cases.Case"/>, under the stream's id.</summary>
/// <remarks>
/// A wrapper rather than <see cref="Domain.Cases.Case"/> itself: Marten would take the domain's <c>Create</c> and
/// <c>Apply</c> for its conventional methods, and their signatures are the domain's, not Marten's.
/// </remarks>
/// <param name="Id">The case (its stream).</param>
/// <param name="Case">The state the domain folded.</param>
public sealed record CaseOnStream(Guid Id, Case Case);

/// <summary>
/// The case as its commands decide on it, folded live from its stream by Marten (<c>FetchForWriting</c> in Wolverine's
/// aggregate handler workflow) with the domain's own <see cref="Case.Create"/> and <see cref="Case.Apply"/>; nothing is stored.
/// </summary>
/// <remarks>
/// Live only: the case views advisors read are our SQL read models (<see cref="CaseViewProjection"/>). Events of a case
/// stream that are not case events (email delivery, for instance) leave the state as it is; a stream that does not open
/// with <see cref="CaseOpened"/> is no case.
/// </remarks>
public sealed class CaseAggregation : SingleStreamProjection<CaseOnStream, Guid>
{
    /// <inheritdoc />
    public override CaseOnStream? Evolve(CaseOnStream? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (null, CaseOpened opened) => new CaseOnStream(id, Case.Create(opened)),
        (null, _) => null,
        (_, ICaseEvent @event) => snapshot with { Case = snapshot.Case.Apply(@event, e.Timestamp) },
        _ => snapshot,
    };
}
