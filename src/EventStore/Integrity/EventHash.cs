using System.Security.Cryptography;
using System.Text;

namespace Atencion.EventStore.Integrity;

/// <summary>The hash chain's definition: SHA-256 over the previous event's hash and this event's canonical text.</summary>
/// <remarks>
/// The append statement computes the same value inside PostgreSQL (see <see cref="Appending.AppendSql"/>), over the
/// payload as jsonb renders it, so that verification can recompute it from the stored columns alone.
/// </remarks>
public static class EventHash
{
    /// <summary>The canonical text of an event: tenant, stream, version, type, recorded instant in microseconds, payload and metadata, one per line.</summary>
    public static string CanonicalText(string tenant, Guid streamId, long version, string eventType, long recordedAtMicros, string dataJson, string metadataJson) =>
        string.Join('\n', tenant, streamId.ToString("D"), version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            eventType, recordedAtMicros.ToString(System.Globalization.CultureInfo.InvariantCulture), dataJson, metadataJson);

    /// <summary>Chains a hash: SHA-256(previous hash, or nothing for the first event, followed by SHA-256 of the UTF-8 canonical text).</summary>
    public static byte[] Compute(ReadOnlySpan<byte> previous, string canonicalText)
    {
        Span<byte> buffer = stackalloc byte[previous.Length + 32];
        previous.CopyTo(buffer);
        SHA256.HashData(Encoding.UTF8.GetBytes(canonicalText), buffer[previous.Length..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>Microseconds since the Unix epoch: the precision PostgreSQL keeps for timestamptz.</summary>
    public static long ToMicros(DateTimeOffset instant) => (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary>Truncates an instant to the microsecond, as PostgreSQL will store it.</summary>
    public static DateTimeOffset TruncateToMicros(DateTimeOffset instant) =>
        new(instant.UtcTicks - instant.UtcTicks % 10, TimeSpan.Zero);
}
