namespace Atencion.EventStore.Appending;

/// <summary>The single statement that appends a command's events: claims the stream version and inserts the hash-chained rows.</summary>
/// <remarks>
/// One round trip. The stream row is claimed first (update with the expected version, or insert for a new stream);
/// when the claim matches no row, nothing is inserted and the caller reports a conflict. The hash chain is folded
/// with a recursive CTE over jsonb's canonical text (see <see cref="Integrity.EventHash"/>).
/// </remarks>
internal static class AppendSql
{
    public const string ClaimExact = """
        update atencion.streams set version = version + @k, updated_at = @now
        where tenant_id = @tenant and stream_id = @stream and version = @expected and not archived
        returning version - @k as base
        """;

    public const string ClaimNew = """
        insert into atencion.streams (tenant_id, stream_id, stream_type, version, created_at, updated_at)
        values (@tenant, @stream, @stream_type, @k, @now, @now)
        on conflict do nothing
        returning 0::bigint as base
        """;

    public const string ClaimAny = """
        insert into atencion.streams as s (tenant_id, stream_id, stream_type, version, created_at, updated_at)
        values (@tenant, @stream, @stream_type, @k, @now, @now)
        on conflict (tenant_id, stream_id) do update set version = s.version + @k, updated_at = @now
            where not s.archived
        returning version - @k as base
        """;

    public static string Append(string claim) => $"""
        with recursive
        claim as ({claim}),
        input as (
            select u.ord, u.event_id, u.event_type, u.data::jsonb as data, u.metadata::jsonb as metadata
            from unnest(@ids::uuid[], @types::text[], @datas::text[], @metas::text[])
                 with ordinality as u(event_id, event_type, data, metadata, ord)),
        content as (
            -- Each event's own digest, set-based; only these 32-byte values are folded below.
            select array_agg(sha256(convert_to(@prefix || (c.base + i.ord)::text || E'\n' || i.event_type || E'\n' || @micros::text
                                               || E'\n' || i.data::text || E'\n' || i.metadata::text, 'UTF8')) order by i.ord) as digests
            from claim c cross join input i),
        chain as (
            select 1::bigint as ord, sha256(coalesce((select e.hash from atencion.events e
                                    where e.tenant_id = @tenant and e.stream_id = @stream and e.version = c.base), ''::bytea)
                                    || d.digests[1]) as hash
            from claim c cross join content d
            union all
            select ch.ord + 1, sha256(ch.hash || d.digests[ch.ord + 1])
            from chain ch cross join content d
            where ch.ord < cardinality(d.digests))
        insert into atencion.events (tenant_id, stream_id, version, event_id, event_type, data, metadata, recorded_at, hash)
        select @tenant, @stream, c.base + i.ord, i.event_id, i.event_type, i.data, i.metadata, @now, ch.hash
        from claim c cross join input i join chain ch on ch.ord = i.ord
        order by i.ord
        returning seq, tx_id::text, version, hash
        """;

    // One event, the common case: the same hash without the recursive fold over an unnested array.
    public static string AppendOne(string claim) => $"""
        with claim as ({claim})
        insert into atencion.events (tenant_id, stream_id, version, event_id, event_type, data, metadata, recorded_at, hash)
        select @tenant, @stream, c.base + 1, x.event_id, x.event_type, x.data, x.metadata, @now,
               sha256(coalesce((select e.hash from atencion.events e
                                where e.tenant_id = @tenant and e.stream_id = @stream and e.version = c.base), ''::bytea)
                      || sha256(convert_to(@prefix || (c.base + 1)::text || E'\n' || x.event_type || E'\n' || @micros::text
                                           || E'\n' || x.data::text || E'\n' || x.metadata::text, 'UTF8')))
        from claim c
        cross join (select (@ids::uuid[])[1] as event_id, (@types::text[])[1] as event_type,
                           (@datas::text[])[1]::jsonb as data, (@metas::text[])[1]::jsonb as metadata) x
        returning seq, tx_id::text, version, hash
        """;

    public static readonly string AppendOneExact = AppendOne(ClaimExact);
    public static readonly string AppendOneNew = AppendOne(ClaimNew);
    public static readonly string AppendOneAny = AppendOne(ClaimAny);

    public static readonly string AppendExact = Append(ClaimExact);
    public static readonly string AppendNew = Append(ClaimNew);
    public static readonly string AppendAny = Append(ClaimAny);


    public static string For(ExpectedVersion expected, int count) => (expected == ExpectedVersion.NoStream, expected == ExpectedVersion.Any, count == 1) switch
    {
        (true, _, true) => AppendOneNew,
        (true, _, false) => AppendNew,
        (_, true, true) => AppendOneAny,
        (_, true, false) => AppendAny,
        (_, _, true) => AppendOneExact,
        _ => AppendExact,
    };

    public const string StreamVersion = "select version from atencion.streams where tenant_id = @tenant and stream_id = @stream";
}
