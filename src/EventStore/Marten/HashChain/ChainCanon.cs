namespace Atencion.EventStore.Marten.HashChain;

/// <summary>The canonical texts the chain hashes, rendered by PostgreSQL from the stored columns.</summary>
/// <remarks>
/// <c>jsonb_build_array</c> makes the text unambiguous; the timestamp goes in as microseconds since the epoch so the
/// session's time zone cannot change it. Every column of <c>mt_events</c> but <c>is_archived</c> is covered, so
/// archiving a stream does not break its chain.
/// </remarks>
public static class ChainCanon
{
    /// <summary>The canonical text of the stored event aliased <c>e</c>.</summary>
    public const string Event = """
        jsonb_build_array('es1', e.tenant_id, e.stream_id, e.version, e.seq_id, e.id, e.type, e.mt_dotnet_type,
            (extract(epoch from e.timestamp) * 1000000)::bigint, e.correlation_id, e.causation_id, e.user_name,
            e.headers, e.data, e.bdata)::text
        """;

    /// <summary>The canonical text of a stream head, from SQL expressions for its tenant, stream and version; its label keeps it apart from event links.</summary>
    public static string Head(string tenant, string stream, string version) =>
        $"jsonb_build_array('es1-head', {tenant}, {stream}, {version})::text";

    /// <summary>The SHA-256 of the canonical text of the stored event aliased <c>e</c>: what each link covers.</summary>
    public const string EventDigest = $"sha256(convert_to({Event}, 'UTF8'))";

    /// <summary>
    /// HMAC-SHA-256 of a <c>bytea</c> SQL expression, spelled with SQL expressions for the key's inner and outer pads
    /// (<see cref="Integrity.EventHash.Pads"/>), so that the key itself never reaches the database.
    /// </summary>
    public static string Hmac(string ipad, string opad, string message) => $"sha256({opad} || sha256({ipad} || {message}))";

    /// <summary>The MAC of a stream head, from SQL expressions for the pads, its tenant, stream, version and last link.</summary>
    public static string HeadMac(string ipad, string opad, string tenant, string stream, string version, string lastHash) =>
        Hmac(ipad, opad, $"convert_to({Head(tenant, stream, version)}, 'UTF8') || {lastHash}");
}
