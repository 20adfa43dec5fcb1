using System.Security.Cryptography;
using System.Text;

namespace Atencion.EventStore.Integrity;

/// <summary>The hash chain's definition: HMAC-SHA-256, under the service's chain key, of the previous event's hash and the SHA-256 of this event's canonical text.</summary>
/// <remarks>
/// <para>
/// Each event records the scheme it was hashed under (<c>hash_scheme</c>): scheme 1, the original text, for events
/// stored before migration 0004, and scheme 2, which also covers seq, tx_id, event_id and the scheme itself, for every
/// event since. A scheme that names its own number in the text cannot be swapped for the other without the key.
/// </para>
/// <para>
/// The append statement computes the same value inside PostgreSQL (see <see cref="Marten.HashChain.ChainFold"/>; the store before Marten did it in its append statement) over the
/// payload as jsonb renders it, with HMAC spelled out as two SHA-256 over the key's inner and outer pads, so that
/// verification can recompute it from the stored columns alone. The key never is stored in the database: a superuser
/// who edits a row cannot compute a hash that verifies.
/// </para>
/// </remarks>
public static class EventHash
{
    private const int BlockSize = 64;

    /// <summary>The scheme of events stored before every column was covered: its text leaves out seq, tx_id and event_id.</summary>
    public const short LegacyScheme = 1;

    /// <summary>The scheme every append writes: its text covers every stored column but the hash itself.</summary>
    public const short CurrentScheme = 2;

    /// <summary>The canonical text of a scheme-1 event: tenant, stream, version, type, recorded instant in microseconds, payload and metadata, one per line.</summary>
    public static string CanonicalText(string tenant, Guid streamId, long version, string eventType, long recordedAtMicros, string dataJson, string metadataJson) =>
        string.Join('\n', tenant, streamId.ToString("D"), Invariant(version), eventType, Invariant(recordedAtMicros), dataJson, metadataJson);

    /// <summary>
    /// The canonical text of a scheme-2 event: the scheme, tenant, stream, version, event id, seq, transaction id, type,
    /// recorded instant in microseconds, payload and metadata, one per line.
    /// </summary>
    public static string CanonicalTextV2(string tenant, Guid streamId, long version, Guid eventId, long seq, ulong txId,
        string eventType, long recordedAtMicros, string dataJson, string metadataJson) =>
        string.Join('\n', Invariant(CurrentScheme), tenant, streamId.ToString("D"), Invariant(version), eventId.ToString("D"),
            Invariant(seq), txId.ToString(System.Globalization.CultureInfo.InvariantCulture), eventType, Invariant(recordedAtMicros), dataJson, metadataJson);

    /// <summary>The start of a scheme-2 canonical text, the same for every event of a stream: scheme, tenant and stream, each followed by a newline.</summary>
    public static string SchemePrefix(string tenant, Guid streamId) => $"{CurrentScheme}\n{tenant}\n{streamId:D}\n";

    private static string Invariant(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Chains a hash: HMAC-SHA-256(key, previous hash (empty for the first event) followed by SHA-256 of the UTF-8 canonical text).</summary>
    public static byte[] Compute(byte[] key, ReadOnlySpan<byte> previous, string canonicalText)
    {
        Span<byte> message = stackalloc byte[previous.Length + 32];
        previous.CopyTo(message);
        SHA256.HashData(Encoding.UTF8.GetBytes(canonicalText), message[previous.Length..]);
        return HMACSHA256.HashData(key, message);
    }

    /// <summary>The HMAC key's inner and outer pads (RFC 2104), which let SQL compute HMAC-SHA-256 with sha256() alone.</summary>
    public static (byte[] Inner, byte[] Outer) Pads(byte[] key)
    {
        var k = key.Length > BlockSize ? SHA256.HashData(key) : key;
        var inner = new byte[BlockSize];
        var outer = new byte[BlockSize];
        for (var i = 0; i < BlockSize; i++)
        {
            var b = i < k.Length ? k[i] : (byte)0;
            inner[i] = (byte)(b ^ 0x36);
            outer[i] = (byte)(b ^ 0x5c);
        }
        return (inner, outer);
    }

    /// <summary>Microseconds since the Unix epoch: the precision PostgreSQL keeps for timestamptz.</summary>
    public static long ToMicros(DateTimeOffset instant) => (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary>Truncates an instant to the microsecond, as PostgreSQL will store it.</summary>
    public static DateTimeOffset TruncateToMicros(DateTimeOffset instant) =>
        new(instant.UtcTicks - instant.UtcTicks % 10, TimeSpan.Zero);
}
