using Atencion.EventStore;

namespace Atencion.TestSupport.Legacy;

/// <summary>(The store before Marten, kept in the tests only to fill a database the upgrade reads.) The single statement that appends a command's events: claims the stream version and head, and inserts the hash-chained rows.</summary>
/// <remarks>
/// One round trip. <c>prior</c> reads the stream's version and head hash; the chain is computed from them; the claim
/// updates the stream row only if it is still at the expected version (re-checked after any lock wait, so a racing
/// append makes this one find no row) and stores the new head; the events are inserted only when the claim succeeded.
/// A claim that matches no row inserts nothing and the caller reports a conflict. The claim also refuses a transaction
/// older than the one that appended the stream's last events (it wrote something first and appended later), so that
/// the feed, ordered by transaction, keeps each stream's versions in order; retried in a new transaction, it succeeds.
/// Each link is HMAC-SHA-256(key, previous ‖ SHA-256(canonical text)), written as
/// sha256(@opad ‖ sha256(@ipad ‖ previous ‖ digest)) so that no extension is needed (see <see cref="Integrity.EventHash"/>).
/// The canonical text is scheme 2's: it covers every column the row will store, so the statement takes each event's
/// seq from the identity's sequence itself (in version order) and inserts it with <c>overriding system value</c>, and
/// covers its own transaction id. The claim also writes the head's MAC (<see cref="Integrity.StreamHeadMac"/>) from
/// the same pads. A seq taken by an append that then claims nothing is simply not used: seq was never gap-free.
/// </remarks>
internal static class LegacyAppendSql
{
    private const string PriorExact = """
        select s.version as base, s.last_hash as prev from atencion.streams s
        where s.tenant_id = @tenant and s.stream_id = @stream and s.version = @expected and not s.archived
        """;

    private const string PriorNew = "select 0::bigint as base, ''::bytea as prev";

    private const string ClaimExact = """
        update atencion.streams s set version = s.version + @k, updated_at = @now, last_hash = (select hash from head),
            head_mac = sha256(@opad || sha256(@ipad || convert_to(@head_prefix || s.stream_type || E'\n' || (s.version + @k)::text || E'\n', 'UTF8')
                                      || (select hash from head))),
            last_tx = pg_current_xact_id()
        where s.tenant_id = @tenant and s.stream_id = @stream and s.version = @expected and not s.archived
          and (s.last_tx is null or s.last_tx <= pg_current_xact_id())
          and exists (select 1 from prior)
        returning s.version - @k as base
        """;

    private const string ClaimNew = """
        insert into atencion.streams (tenant_id, stream_id, stream_type, version, created_at, updated_at, last_hash, head_mac, last_tx)
        select @tenant, @stream, @stream_type, @k, @now, @now, hash,
               sha256(@opad || sha256(@ipad || convert_to(@head_prefix || @stream_type || E'\n' || @k::text || E'\n', 'UTF8') || hash)),
               pg_current_xact_id()
        from head
        on conflict do nothing
        returning 0::bigint as base
        """;

    private const string Digest = """
        sha256(convert_to(@prefix || (p.base + {0})::text || E'\n' || {1}.event_id::text || E'\n' || {1}.seq::text
                          || E'\n' || pg_current_xact_id()::text || E'\n' || {1}.event_type || E'\n' || @micros::text
                          || E'\n' || {1}.data::text || E'\n' || {1}.metadata::text, 'UTF8'))
        """;

    private static string Many(string prior, string claim) => $"""
        with recursive
        prior as ({prior}),
        seqs as (
            -- The events' seqs, ascending in version order.
            select array_agg(n order by n) as seqs
            from (select nextval('atencion.events_seq_seq') as n from generate_series(1, @k)) g),
        input as (
            select u.ord, q.seqs[u.ord] as seq, u.event_id, u.event_type, u.data::jsonb as data, u.metadata::jsonb as metadata
            from unnest(@ids::uuid[], @types::text[], @datas::text[], @metas::text[])
                 with ordinality as u(event_id, event_type, data, metadata, ord)
            cross join seqs q),
        content as (
            -- Each event's own digest, set-based; only these 32-byte values are folded below.
            select array_agg({string.Format(Digest, "i.ord", "i")} order by i.ord) as digests
            from prior p cross join input i),
        chain as (
            select 1::bigint as ord, sha256(@opad || sha256(@ipad || p.prev || d.digests[1])) as hash
            from prior p cross join content d
            union all
            select ch.ord + 1, sha256(@opad || sha256(@ipad || ch.hash || d.digests[ch.ord + 1]))
            from chain ch cross join content d
            where ch.ord < cardinality(d.digests)),
        head as (select hash from chain where ord = @k),
        claim as ({claim})
        insert into atencion.events (seq, tx_id, tenant_id, stream_id, version, event_id, event_type, data, metadata, recorded_at, hash, hash_scheme)
        overriding system value
        select i.seq, pg_current_xact_id(), @tenant, @stream, c.base + i.ord, i.event_id, i.event_type, i.data, i.metadata, @now, ch.hash, @scheme
        from claim c cross join input i join chain ch on ch.ord = i.ord
        order by i.ord
        returning seq, tx_id::text, version, hash
        """;

    // One event, the common case: the same link without the recursive fold.
    private static string One(string prior, string claim) => $"""
        with
        prior as ({prior}),
        x as (select nextval('atencion.events_seq_seq') as seq, (@ids::uuid[])[1] as event_id, (@types::text[])[1] as event_type,
                     (@datas::text[])[1]::jsonb as data, (@metas::text[])[1]::jsonb as metadata),
        head as (select sha256(@opad || sha256(@ipad || p.prev || {string.Format(Digest, "1", "x")})) as hash
                 from prior p cross join x),
        claim as ({claim})
        insert into atencion.events (seq, tx_id, tenant_id, stream_id, version, event_id, event_type, data, metadata, recorded_at, hash, hash_scheme)
        overriding system value
        select x.seq, pg_current_xact_id(), @tenant, @stream, c.base + 1, x.event_id, x.event_type, x.data, x.metadata, @now, h.hash, @scheme
        from claim c cross join x cross join head h
        returning seq, tx_id::text, version, hash
        """;

    private static readonly string OneExact = One(PriorExact, ClaimExact);
    private static readonly string OneNew = One(PriorNew, ClaimNew);
    private static readonly string ManyExact = Many(PriorExact, ClaimExact);
    private static readonly string ManyNew = Many(PriorNew, ClaimNew);

    /// <summary>The statement for an exact expected version or a new stream (<see cref="ExpectedVersion.Any"/> is resolved by the caller first).</summary>
    public static string For(ExpectedVersion expected, int count) => (expected == ExpectedVersion.NoStream, count == 1) switch
    {
        (true, true) => OneNew,
        (true, false) => ManyNew,
        (false, true) => OneExact,
        (false, false) => ManyExact,
    };
}
