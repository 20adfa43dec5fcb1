namespace Atencion.EventStore.Marten.Upgrade;

/// <summary>The upgrade did not run: an old chain is broken, it already ran, or the old log holds what Marten cannot read; nothing was copied.</summary>
public sealed class EventLogUpgradeRefusedException(string reason) : Exception($"upgrade refused: {reason}")
{
    /// <summary>Why the upgrade was refused.</summary>
    public string Reason { get; } = reason;
}
