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
        chain as (
            select i.ord, c.base + 1 as version,
                   sha256(coalesce((select e.hash from atencion.events e
                                    where e.tenant_id = @tenant and e.stream_id = @stream and e.version = c.base), ''::bytea)
                          || convert_to(@prefix || (c.base + 1)::text || E'\n' || i.event_type || E'\n' || @micros::text
                                        || E'\n' || i.data::text || E'\n' || i.metadata::text, 'UTF8')) as hash
            from claim c join input i on i.ord = 1
            union all
            select i.ord, ch.version + 1,
                   sha256(ch.hash || convert_to(@prefix || (ch.version + 1)::text || E'\n' || i.event_type || E'\n' || @micros::text
                                        || E'\n' || i.data::text || E'\n' || i.metadata::text, 'UTF8'))
            from chain ch join input i on i.ord = ch.ord + 1)
        insert into atencion.events (tenant_id, stream_id, version, event_id, event_type, data, metadata, recorded_at, hash)
        select @tenant, @stream, ch.version, i.event_id, i.event_type, i.data, i.metadata, @now, ch.hash
        from chain ch join input i using (ord)
        order by ch.ord
        returning seq, tx_id::text, version, data::text, metadata::text, hash
        """;

    public static readonly string AppendExact = Append(ClaimExact);
    public static readonly string AppendNew = Append(ClaimNew);
    public static readonly string AppendAny = Append(ClaimAny);

    public const string Notify = "select pg_notify('atencion_events', @tenant)";

    public const string StreamVersion = "select version from atencion.streams where tenant_id = @tenant and stream_id = @stream";
}
