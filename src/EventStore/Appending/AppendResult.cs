namespace Atencion.EventStore.Appending;

/// <summary>What an append committed: the stream's new version and the recorded events.</summary>
/// <param name="Version">The stream's version after the append (the version of its last event).</param>
/// <param name="Events">The events as stored, with their sequence numbers and hashes.</param>
public sealed record AppendResult(long Version, IReadOnlyList<RecordedEvent> Events);
