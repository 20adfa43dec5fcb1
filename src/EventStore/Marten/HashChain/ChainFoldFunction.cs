using Weasel.Postgresql;
using Weasel.Postgresql.Functions;

namespace Atencion.EventStore.Marten.HashChain;

/// <summary>
/// The chain's fold of a stream, as a PL/pgSQL function the owner's schema apply creates beside Marten's own
/// (<c>mt_quick_append_events</c>): <see cref="ChainFold.Sql"/> calls it for every append but the one-event kind.
/// </summary>
/// <remarks>
/// <para>
/// A chain is a loop: each link needs the one before it. In one SQL statement that loop is a recursive CTE whose every
/// step joins the step before with all the events being hashed, so a batch of n events costs n² row visits. The
/// function walks the events once, in version order, and writes the links in one <c>insert … select from unnest</c>.
/// Measured in docs/benchmarks.md ("A fold function for batches").
/// </para>
/// <para>
/// It runs with the caller's rights (<c>security invoker</c>, the default): the serving role's INSERT on
/// <c>event_hashes</c> and INSERT/UPDATE on <c>stream_heads</c>, nothing more. The key's pads come in as arguments,
/// as they do for the one-event statement; the key never reaches the database. It hashes from the head up to the first
/// gap in versions, moves the head, and returns the hashed events as stored, in version order (none when nothing lies
/// above the head).
/// </para>
/// </remarks>
public static class ChainFoldFunction
{
    /// <summary>The function's name in the store's schema.</summary>
    public const string Name = "atencion_chain_fold";

    /// <summary>The function as a Weasel object, so that the owner's schema apply creates it (and replaces an older body).</summary>
    /// <remarks>
    /// Weasel finds a function changed when its text differs from <c>pg_get_functiondef</c>'s after its own
    /// normalization (spacing, case, type names), so the header is spelled as PostgreSQL prints it, down to
    /// <c>LANGUAGE plpgsql AS $function$</c>: quoted with another tag, every schema apply replaced it and reported it
    /// changed (<c>MartenSchemaTests</c>).
    /// </remarks>
    public static Function Create(string schema) => new(new PostgresqlObjectName(schema, Name, SchemaUtils.IdentifierUsage.General), Body(schema));

    private static string Body(string schema) => $$"""
        CREATE OR REPLACE FUNCTION {{schema}}.{{Name}}(ipad bytea, opad bytea, tenant character varying, stream uuid)
         RETURNS TABLE(seq_id bigint, tx_id text, version bigint, id uuid, type character varying, json text, "timestamp" timestamp with time zone, hash bytea)
         LANGUAGE plpgsql
        AS $function$
        declare
            head bigint;
            v bigint;
            h bytea;
            n int := 0;
            r record;
            seqs bigint[];
            versions bigint[];
            hashes bytea[];
        begin
            select sh.version, sh.last_hash into v, h
            from {{schema}}.{{ChainTables.StreamHeads}} sh where sh.tenant_id = tenant and sh.stream_id = stream;
            head := coalesce(v, 0);
            v := head;
            h := coalesce(h, ''::bytea);
            for r in
                select e.seq_id, e.version, {{ChainCanon.EventDigest}} as d
                from {{schema}}.mt_events e
                where e.tenant_id = tenant and e.stream_id = stream and e.version > v
                order by e.version
            loop
                exit when r.version <> v + 1;
                h := {{ChainCanon.Hmac("ipad", "opad", "h || r.d")}};
                v := r.version;
                n := n + 1;
                seqs[n] := r.seq_id;
                versions[n] := v;
                hashes[n] := h;
            end loop;
            if n = 0 then
                return;
            end if;
            insert into {{schema}}.{{ChainTables.EventHashes}} (seq_id, tenant_id, stream_id, version, hash)
            select l.seq_id, tenant, stream, l.version, l.hash from unnest(seqs, versions, hashes) as l(seq_id, version, hash);
            insert into {{schema}}.{{ChainTables.StreamHeads}} as sh (tenant_id, stream_id, version, last_hash, head_mac)
            values (tenant, stream, v, h,
                    {{ChainCanon.HeadMac("ipad", "opad", "tenant", "stream", "v", "h")}})
            on conflict (tenant_id, stream_id) do update
                set version = excluded.version, last_hash = excluded.last_hash, head_mac = excluded.head_mac;
            -- The links are versions head + 1 .. v without a gap: one range of the stream's index, by tenant and stream (a
            -- join on seq_id alone was planned, on new tables, as a scan of the whole log).
            return query
                select e.seq_id, pg_current_xact_id()::text, e.version, e.id, e.type, e.data::text, e.timestamp,
                       hashes[e.version - head]
                from {{schema}}.mt_events e
                where e.tenant_id = tenant and e.stream_id = stream and e.version > head and e.version <= v
                order by e.version;
        end
        $function$;
        """;
}
