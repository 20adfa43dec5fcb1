using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Atencion.EventStore.Integrity;

/// <summary>One stream's head as a checkpoint records it.</summary>
/// <param name="StreamId">The stream.</param>
/// <param name="StreamType">Its type.</param>
/// <param name="Version">Its version at the checkpoint.</param>
/// <param name="HeadHash">The hash (hex) of its event at that version.</param>
public sealed record CheckpointHead(Guid StreamId, string StreamType, long Version, string HeadHash);

/// <summary>Every stream head of a tenant at one instant, under the service's MAC, for auditors to keep and present later.</summary>
/// <remarks>
/// A head MAC proves that the service wrote a head, not that it is the latest: a superuser who copied a stream's row
/// earlier can put it back after deleting what followed. A checkpoint taken after that earlier head catches it, since
/// the store must still hold each recorded version with the recorded hash. The MAC (HMAC-SHA-256 under the chain key,
/// over <see cref="Text"/>) lets the service tell a checkpoint it issued from one written or edited by someone else;
/// auditors cannot check it themselves, they keep the document unaltered and present it to <c>verify</c>.
/// </remarks>
/// <param name="Tenant">The tenant whose streams it lists.</param>
/// <param name="TakenAt">When it was taken (the store's clock, to the microsecond).</param>
/// <param name="Heads">Each stream's head, by stream id.</param>
/// <param name="Mac">HMAC-SHA-256 (hex) of <see cref="Text"/> under the chain key.</param>
public sealed record StreamCheckpoint(string Tenant, DateTimeOffset TakenAt, IReadOnlyList<CheckpointHead> Heads, string Mac)
{
    /// <summary>The label that starts every checkpoint's text.</summary>
    public const string Label = "atencion-checkpoint";

    /// <summary>The text the MAC covers: label, tenant and instant in microseconds, then type, version and hash of each stream in id order, one per line.</summary>
    public static string Text(string tenant, DateTimeOffset takenAt, IEnumerable<CheckpointHead> heads)
    {
        var text = new StringBuilder().Append(Label).Append('\n').Append(tenant).Append('\n')
            .Append(EventHash.ToMicros(takenAt).ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var h in heads.OrderBy(h => h.StreamId))
            text.Append(h.StreamId.ToString("D")).Append(' ').Append(h.StreamType).Append(' ')
                .Append(h.Version.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(h.HeadHash.ToLowerInvariant()).Append('\n');
        return text.ToString();
    }

    /// <summary>The MAC (hex) of a checkpoint's content under a key.</summary>
    public static string ComputeMac(byte[] key, string tenant, DateTimeOffset takenAt, IEnumerable<CheckpointHead> heads) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Text(tenant, takenAt, heads))));

    /// <summary>Whether this checkpoint's MAC is the one the key gives for its content.</summary>
    public bool IsAuthentic(byte[] key) =>
        Mac is not null && Heads is not null && Tenant is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(ComputeMac(key, Tenant, TakenAt, Heads)), Encoding.ASCII.GetBytes(Mac.ToLowerInvariant()));
}
