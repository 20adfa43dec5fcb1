using Atencion.CaseService.RealTime;
using Atencion.Domain.Turns;
using Atencion.EventStore;
using Microsoft.AspNetCore.SignalR;

namespace Atencion.CaseService.Turns;

/// <summary>
/// A call as the board's hub pushes it (event <c>called</c>): the fields of a <see cref="BoardTurn"/> and the turn stream's
/// version of the <c>TurnCalled</c> event (a screen drops a (turn, version) it has already shown).
/// </summary>
public sealed record PushedCall(Guid TurnId, string Label, string Service, string Desk, DateTimeOffset CalledAt, long Version);

/// <summary>What the turn board's hub hears from the log: a call is pushed as <c>called</c>, a served or expired turn as <c>cleared</c>.</summary>
/// <remarks>A screen that reconnects reads GET turns/board.</remarks>
public sealed class TurnBoardPusher(IHubContext<TurnBoardHub> hub) : IHubPusher
{
    public Task PushAsync(RecordedEvent e, CancellationToken ct)
    {
        var board = hub.Clients.Group(TurnBoardHub.Group(e.Tenant.Value));
        return e.Data switch
        {
            TurnCalled c => board.SendAsync("called", new PushedCall(e.StreamId, c.Label, c.Service, c.Desk, e.RecordedAt, e.Version), ct),
            // Positional (turnId), as it always was: a .NET client bound to one argument refuses a second; clearing is idempotent.
            TurnServed or TurnExpired => board.SendAsync("cleared", e.StreamId, ct),
            _ => Task.CompletedTask,
        };
    }
}
