namespace Atencion.EventStore.Marten.Upgrade;

/// <summary>What one upgrade copied: streams, events, and the old log's last sequence number (kept in the marker row).</summary>
public sealed record EventLogUpgradeReport(long Streams, long Events, long LastLegacySeq);
