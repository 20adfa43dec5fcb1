using Atencion.EventStore;

namespace Atencion.CaseService.RealTime;

/// <summary>Turns committed events of one feature into hub messages for this node's connected clients (or ignores them).</summary>
/// <remarks>Called by the node's <see cref="HubSubscription"/>, one event at a time, in the log's order.</remarks>
public interface IHubPusher
{
    /// <summary>Pushes one committed event to the groups that hear it, or does nothing.</summary>
    Task PushAsync(RecordedEvent e, CancellationToken ct);
}
