namespace Atencion.EventStore.Marten.HashChain;

/// <summary>Where a stream's chain stops verifying: the first version that does not check out, and why.</summary>
/// <param name="Tenant">The stream's tenant.</param>
/// <param name="StreamId">The stream.</param>
/// <param name="Version">The first altered, missing or forged version; for a bad head, the version the head row names.</param>
/// <param name="Reason">What did not check out, in words for an operator.</param>
public sealed record ChainBreak(string Tenant, Guid StreamId, long Version, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Tenant}/{StreamId}: version {Version}: {Reason}";
}
