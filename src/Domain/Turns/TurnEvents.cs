namespace Atencion.Domain.Turns;

/// <summary>Marks the events of a kiosk turn's stream.</summary>
public interface ITurnEvent;

/// <summary>Why a turn ended without being served.</summary>
public enum TurnExpiryReason
{
    /// <summary>Called at a desk, and the citizen did not come within the configured time.</summary>
    NoShow,
    /// <summary>Still waiting when its day ended.</summary>
    EndOfDay,
}

/// <summary>The kiosk issued a turn (ticket) for a service.</summary>
/// <param name="TurnId">The turn (and its stream) id.</param>
/// <param name="Service">The service asked for (e.g. registros).</param>
/// <param name="Label">What the ticket and the board show, e.g. R-017.</param>
/// <param name="Number">The consecutive of the service and day.</param>
/// <param name="Day">The day, in the entity's time zone, the numbering belongs to.</param>
public sealed record TurnIssued(Guid TurnId, string Service, string Label, int Number, DateOnly Day) : ITurnEvent;

/// <summary>Staff called the turn to a desk.</summary>
/// <param name="Service">The turn's service.</param>
/// <param name="Label">The turn's label, as the board shows it.</param>
/// <param name="Desk">The desk (módulo) the citizen goes to.</param>
/// <param name="WaitedSeconds">Waiting time: from issue to this call.</param>
public sealed record TurnCalled(string Service, string Label, string Desk, int WaitedSeconds) : ITurnEvent;

/// <summary>The citizen was attended; the turn is linked to the case opened for it.</summary>
/// <param name="Service">The turn's service.</param>
/// <param name="CaseId">The in-person case.</param>
/// <param name="WaitedSeconds">Waiting time: from issue to the call.</param>
/// <param name="ServiceSeconds">Service time: from the call to now.</param>
public sealed record TurnServed(string Service, Guid CaseId, int WaitedSeconds, int ServiceSeconds) : ITurnEvent;

/// <summary>The turn ended without being served.</summary>
/// <param name="Service">The turn's service.</param>
/// <param name="Reason">No-show after a call, or the day's end.</param>
public sealed record TurnExpired(string Service, TurnExpiryReason Reason) : ITurnEvent;
