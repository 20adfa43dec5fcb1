using Atencion.Domain.Turns;

namespace Atencion.Projections.Turns;

/// <summary>What the in-person service level needs to know about one kiosk turn, folded from its events alone.</summary>
/// <param name="TurnId">The turn.</param>
/// <param name="Service">Its service (registro, juridica …).</param>
/// <param name="Day">The entity-local day it was issued on (<see cref="TurnIssued.Day"/>): the day that places it in a period.</param>
/// <param name="WaitedSeconds">Issue → call (<see cref="TurnCalled.WaitedSeconds"/>); null while not called.</param>
/// <param name="ServiceSeconds">Call → served (<see cref="TurnServed.ServiceSeconds"/>); null unless served.</param>
/// <param name="Expired">Why it ended unserved, if it did.</param>
public sealed record TurnFact(Guid TurnId, string Service, DateOnly Day, int? WaitedSeconds, int? ServiceSeconds, TurnExpiryReason? Expired)
{
    /// <summary>Whether a desk called it.</summary>
    public bool Called => WaitedSeconds is not null;

    /// <summary>Whether it was attended and linked to its case.</summary>
    public bool Served => ServiceSeconds is not null;

    /// <summary>Whether its wait is over: called, or ended without a call (the citizen's wait then ran out, it counts against the target).</summary>
    public bool WaitEnded => Called || Expired is not null;
}
