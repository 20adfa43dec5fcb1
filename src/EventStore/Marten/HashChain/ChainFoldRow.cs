namespace Atencion.EventStore.Marten.HashChain;

/// <summary>
/// One event the chain's fold just hashed, as stored: what the append returns to its caller without reading the rows again.
/// </summary>
/// <param name="Seq">Marten's sequence number.</param>
/// <param name="TxId">The appending transaction (<c>event_hashes.tx_id</c>, xid8).</param>
/// <param name="Version">The event's version in its stream.</param>
/// <param name="Id">The event's id.</param>
/// <param name="Type">The stored type name.</param>
/// <param name="Json">The stored JSON, as PostgreSQL renders it.</param>
/// <param name="Timestamp">The stored timestamp.</param>
/// <param name="Hash">The event's link in the chain.</param>
public sealed record ChainFoldRow(long Seq, ulong TxId, long Version, Guid Id, string Type, string Json, DateTimeOffset Timestamp, byte[] Hash);
