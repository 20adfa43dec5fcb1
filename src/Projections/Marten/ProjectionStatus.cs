namespace Atencion.Projections.Marten;

/// <summary>How one async projection is doing, as the admin API and the readiness check show it.</summary>
/// <param name="Name">The projection.</param>
/// <param name="State">
/// running (on this node), standby (running on another node, named in <paramref name="Node"/>), rebuilding, faulted, or
/// stopped (no node holds its lock right now).
/// </param>
/// <param name="Node">The node that holds (or last held) its lock.</param>
/// <param name="CheckpointSeq">The sequence number of the last event applied to the live tables (0 before the first).</param>
/// <param name="LagEvents">Events in the log after the checkpoint.</param>
/// <param name="LagSeconds">How long the oldest of them has waited (0 when none).</param>
/// <param name="LastError">Why it stopped, when faulted.</param>
/// <param name="ErrorSeq">The sequence number of the event it stopped on.</param>
/// <param name="ErrorEventType">That event's type.</param>
/// <param name="FaultedAt">When it stopped.</param>
/// <param name="RebuildRequestedAt">When a rebuild still under way was asked for.</param>
/// <param name="RebuildSeq">How far that rebuild has come.</param>
/// <param name="LastRebuiltAt">When the last rebuild was swapped in.</param>
public sealed record ProjectionStatus(
    string Name, string State, string? Node, long CheckpointSeq, long LagEvents, double LagSeconds, string? LastError,
    long? ErrorSeq, string? ErrorEventType, DateTimeOffset? FaultedAt, DateTimeOffset? RebuildRequestedAt, long? RebuildSeq,
    DateTimeOffset? LastRebuiltAt);
