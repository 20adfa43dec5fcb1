using Atencion.EventStore.Marten.Store;
using Atencion.Domain.Turns;
using Atencion.EventStore;
using Microsoft.AspNetCore.SignalR;
using Npgsql;

namespace Atencion.CaseService.Turns;

/// <summary>Each node's pusher of board events: a call is pushed as <c>called</c>, a served or expired turn as <c>cleared</c>.</summary>
/// <remarks>A screen that reconnects reads GET turns/board.</remarks>
public sealed class TurnBoardPusher(NpgsqlDataSource db, MartenEventStore store, IHubContext<TurnBoardHub> hub, ILogger<TurnBoardPusher> log)
    : Hosting.FeedPusher(db, store, log)
{
    protected override string What => "Turn board feed";

    protected override Task PushAsync(RecordedEvent e, CancellationToken ct)
    {
        var board = hub.Clients.Group(TurnBoardHub.Group(e.Tenant.Value));
        return e.Data switch
        {
            TurnCalled c => board.SendAsync("called", new BoardTurn(e.StreamId, c.Label, c.Service, c.Desk, e.RecordedAt), ct),
            TurnServed or TurnExpired => board.SendAsync("cleared", e.StreamId, ct),
            _ => Task.CompletedTask,
        };
    }
}
