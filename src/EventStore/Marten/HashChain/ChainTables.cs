using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Atencion.EventStore.Marten.HashChain;

/// <summary>The chain's side tables, as Weasel objects so that the owner's schema apply creates them with Marten's.</summary>
public static class ChainTables
{
    /// <summary>One row per hashed event: append-only for the serving role.</summary>
    public const string EventHashes = "event_hashes";

    /// <summary>One row per stream: the last version hashed, its hash and the head's MAC.</summary>
    public const string StreamHeads = "stream_heads";

    /// <summary>Both tables in the given schema.</summary>
    public static IEnumerable<ISchemaObject> Create(string schema)
    {
        var hashes = new Table(new PostgresqlObjectName(schema, EventHashes, SchemaUtils.IdentifierUsage.General));
        hashes.AddColumn("tenant_id", "varchar").AsPrimaryKey();
        hashes.AddColumn("stream_id", "uuid").AsPrimaryKey();
        hashes.AddColumn("version", "bigint").AsPrimaryKey();
        hashes.AddColumn("seq_id", "bigint").NotNull();
        hashes.AddColumn("hash", "bytea").NotNull();
        // The appending transaction: every hash row is inserted in its event's transaction (the reports' "same transaction"
        // test reads it). Marten keeps no such column.
        hashes.AddColumn("tx_id", "xid8").NotNull().DefaultValueByExpression("pg_current_xact_id()");
        // The async projections read the links of a page of events by sequence number (AsyncProjectionAdapter): one link
        // per event. This index replaced (tx_id, seq_id), which only the hand-made feed read; without it each page
        // scanned the whole table. The owner's schema apply drops the old index and builds this one.
        hashes.Indexes.Add(new IndexDefinition($"ix_{EventHashes}_seq") { Columns = ["seq_id"], IsUnique = true });
        yield return hashes;

        var heads = new Table(new PostgresqlObjectName(schema, StreamHeads, SchemaUtils.IdentifierUsage.General));
        heads.AddColumn("tenant_id", "varchar").AsPrimaryKey();
        heads.AddColumn("stream_id", "uuid").AsPrimaryKey();
        heads.AddColumn("version", "bigint").NotNull();
        heads.AddColumn("last_hash", "bytea").NotNull();
        heads.AddColumn("head_mac", "bytea").NotNull();
        yield return heads;
    }
}
