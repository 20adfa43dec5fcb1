using Atencion.EventStore.Integrity;

namespace Atencion.EventStore.Marten.HashChain;

/// <summary>Hashes a stream's stored events above its head, in SQL, inside the append's transaction.</summary>
/// <remarks>
/// Two statements do it: <see cref="SingleSql"/> for an append of one event (one link, no loop) and <see cref="Sql"/>,
/// which calls <see cref="ChainFoldFunction"/>, for everything else. Both read what Marten stored (so Quick mode's
/// <c>IEvent.Version == 0</c> does not matter), link each event as <c>HMAC(key, previous hash || SHA-256(canonical
/// text))</c> spelled out with the key's pads (the key itself never reaches the database), insert the hashes, move the
/// stream's head and its MAC, and return the hashed events as stored (<see cref="ChainFoldRow"/>). A second run finds
/// nothing above the head and returns no row. Concurrent appends to one stream are serialised by the lock on its
/// <c>mt_streams</c> row earlier in the same transaction (Marten's append function for an append at an expected version,
/// <c>StreamLockOperation</c> for one without, a case command's exclusive fetch, Marten's own update).
/// </remarks>
public sealed class ChainFold
{
    private readonly byte[] _inner;
    private readonly byte[] _outer;

    /// <summary>A fold over the tables of the given schema with the given chain key.</summary>
    public ChainFold(string schema, byte[] key)
    {
        (_inner, _outer) = EventHash.Pads(key);
        // The one-event statement starts with the arguments and the stream's head (version 0 and no hash before its first event).
        // The arguments are inlined (not materialized), so that the tenant and stream are parameters in every probe's index
        // condition: a prepared statement keeps its generic plan, and one planned over a materialized p on new tables
        // probed mt_events by version alone, walking every stream's events on each append (ChainFoldPlanTests).
        var start = $"""
                        p as not materialized (select ?::bytea as ipad, ?::bytea as opad, ?::varchar as t, ?::uuid as s),
                        head as (
                            select coalesce(h.version, 0) as v, coalesce(h.last_hash, ''::bytea) as h
                            from p left join {schema}.{ChainTables.StreamHeads} h on h.tenant_id = p.t and h.stream_id = p.s),
                        """;
        Sql = $"""
            select seq_id, tx_id, version, id, type, json, "timestamp", hash
            from {schema}.{ChainFoldFunction.Name}(?::bytea, ?::bytea, ?::varchar, ?::uuid)
            order by version
            """;
        SingleSql = $"""
            with
            {start}
            ev as (
                select e.seq_id, e.version, e.id, e.type, e.data::text as json, e.timestamp,
                       {ChainCanon.Hmac("p.ipad", "p.opad", $"head.h || {ChainCanon.EventDigest}")} as hash
                from {schema}.mt_events e, p, head
                where e.tenant_id = p.t and e.stream_id = p.s and e.version = head.v + 1
                  and not exists (select 1 from {schema}.mt_events x
                                  where x.tenant_id = p.t and x.stream_id = p.s and x.version > head.v + 1)),
            ins as (
                insert into {schema}.{ChainTables.EventHashes} (seq_id, tenant_id, stream_id, version, hash)
                select ev.seq_id, p.t, p.s, ev.version, ev.hash from ev, p
                returning version, hash, tx_id),
            moved as (
                insert into {schema}.{ChainTables.StreamHeads} as sh (tenant_id, stream_id, version, last_hash, head_mac)
                select p.t, p.s, ins.version, ins.hash,
                       {ChainCanon.HeadMac("p.ipad", "p.opad", "p.t", "p.s", "ins.version", "ins.hash")}
                from ins, p
                on conflict (tenant_id, stream_id) do update
                    set version = excluded.version, last_hash = excluded.last_hash, head_mac = excluded.head_mac)
            select ev.seq_id, ins.tx_id::text, ev.version, ev.id, ev.type, ev.json, ev.timestamp, ins.hash
            from ins, ev
            """;
    }

    /// <summary>
    /// The fold of any number of events: a call of <see cref="ChainFoldFunction"/>, with <c>?</c> placeholders as Marten's
    /// <c>QueueSqlCommand</c> takes them.
    /// </summary>
    public string Sql { get; }

    /// <summary>
    /// The same fold for an append that stored exactly one event: one link, no recursion. It returns the same row as
    /// <see cref="Sql"/>, or none when the stream holds anything but that one event above its head (then the append
    /// that expected one row refuses; <see cref="Sql"/> would have hashed them all).
    /// </summary>
    /// <remarks>Same placeholders and arguments as <see cref="Sql"/>.</remarks>
    public string SingleSql { get; }

    /// <summary>Reads one row the statement returns.</summary>
    public static ChainFoldRow Read(System.Data.Common.DbDataReader r) =>
        new(r.GetInt64(0), ulong.Parse(r.GetString(1)), r.GetInt64(2), r.GetGuid(3), r.GetString(4), r.GetString(5),
            r.GetFieldValue<DateTimeOffset>(6), r.GetFieldValue<byte[]>(7));

    /// <summary>The statement's arguments for one stream: the key's pads, the tenant and the stream.</summary>
    public object[] Arguments(string tenant, Guid streamId) => [_inner, _outer, tenant, streamId];
}
