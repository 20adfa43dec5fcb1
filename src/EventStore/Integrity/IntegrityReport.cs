namespace Atencion.EventStore.Integrity;

/// <summary>The outcome of recomputing a stream's hash chain.</summary>
/// <param name="Valid">Whether every event matches its hash and the chain is unbroken.</param>
/// <param name="Events">How many events the stream has.</param>
/// <param name="FirstInvalidVersion">The first version that does not match, when not valid.</param>
/// <param name="Reason">Why that version does not match, when not valid.</param>
/// <param name="HeadHash">The last event's hash (hex) when valid: an auditor who records it can later prove the stream unchanged up to there.</param>
public sealed record IntegrityReport(bool Valid, int Events, long? FirstInvalidVersion = null, string? Reason = null, string? HeadHash = null);
