namespace Atencion.EventStore.Integrity;

/// <summary>A stream that no longer holds what a checkpoint recorded.</summary>
/// <param name="StreamId">The stream.</param>
/// <param name="CheckpointVersion">Its version in the checkpoint.</param>
/// <param name="CurrentVersion">Its head's version now; null when it has no head.</param>
/// <param name="Reason">What differs: the head went back, the event at the recorded version changed or is gone, or the stream is gone.</param>
public sealed record CheckpointFinding(Guid StreamId, long CheckpointVersion, long? CurrentVersion, string Reason);

/// <summary>The outcome of comparing the store with a checkpoint: every recorded head must still be there, unchanged, at or below the current head.</summary>
/// <param name="Valid">Whether the checkpoint is authentic and every stream it lists still holds what it recorded.</param>
/// <param name="Authentic">Whether the checkpoint carries this service's MAC for the caller's tenant; nothing else is checked when not.</param>
/// <param name="Streams">How many streams the checkpoint lists.</param>
/// <param name="Findings">The streams that differ, by stream id.</param>
public sealed record CheckpointReport(bool Valid, bool Authentic, int Streams, IReadOnlyList<CheckpointFinding> Findings);
