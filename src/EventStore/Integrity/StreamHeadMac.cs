using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Atencion.EventStore.Integrity;

/// <summary>The MAC of a stream's head: HMAC-SHA-256, under the chain key, of its tenant, id, type, version and last event's hash.</summary>
/// <remarks>
/// The store before Marten wrote it on the stream row in the same statement that moved the head (its
/// append statement; the upgrade verifies it), so a superuser who deletes a stream's last events and sets the row back to an
/// earlier version and hash cannot write a MAC that matches; only a head copied earlier, with its MAC, would pass, and
/// that is what a <see cref="StreamCheckpoint"/> or an earlier receipt catches. The message is the UTF-8 text
/// <c>atencion-stream-head\n{tenant}\n{stream}\n{type}\n{version}\n</c> followed by the 32 bytes of the hash; its
/// label keeps it apart from the event links computed with the same key.
/// </remarks>
public static class StreamHeadMac
{
    /// <summary>The label that starts every head message.</summary>
    public const string Label = "atencion-stream-head";

    /// <summary>The part of the message the append passes as a parameter: label, tenant and stream, each followed by a newline.</summary>
    public static string Prefix(string tenant, Guid streamId) => $"{Label}\n{tenant}\n{streamId:D}\n";

    /// <summary>Computes the MAC of a head.</summary>
    public static byte[] Compute(byte[] key, string tenant, Guid streamId, string streamType, long version, ReadOnlySpan<byte> lastHash)
    {
        var text = Encoding.UTF8.GetBytes($"{Prefix(tenant, streamId)}{streamType}\n{version.ToString(CultureInfo.InvariantCulture)}\n");
        var message = new byte[text.Length + lastHash.Length];
        text.CopyTo(message, 0);
        lastHash.CopyTo(message.AsSpan(text.Length));
        return HMACSHA256.HashData(key, message);
    }
}
