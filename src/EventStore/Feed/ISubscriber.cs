using Npgsql;

namespace Atencion.EventStore.Feed;

/// <summary>Consumes batches of the global feed; its writes and the subscription's checkpoint commit in one transaction.</summary>
public interface ISubscriber
{
    /// <summary>Handles a batch of events in feed order, writing through the given transaction.</summary>
    Task HandleAsync(IReadOnlyList<RecordedEvent> events, NpgsqlTransaction transaction, CancellationToken ct);
}
