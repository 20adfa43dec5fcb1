namespace Atencion.EventStore.Appending;

/// <summary>Something enlisted in a store transaction that acts once the transaction has committed (e.g. a message outbox that hands its messages on).</summary>
/// <remarks>
/// What it wrote inside the transaction commits with the events; <see cref="CommittedAsync"/> runs only after a commit,
/// never after a rollback. A crash between the commit and this call must lose nothing: whatever acts here has to be
/// recoverable from what the transaction committed.
/// </remarks>
public interface ICommitParticipant
{
    /// <summary>Called once, after the transaction it joined committed.</summary>
    Task CommittedAsync(CancellationToken ct);
}
