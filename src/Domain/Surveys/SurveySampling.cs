using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Atencion.Domain.Cases;

namespace Atencion.Domain.Surveys;

/// <summary>Whether a closed attention is offered the satisfaction survey: always on virtual channels, a reproducible sample in person and by phone.</summary>
/// <remarks>
/// The sample is a deterministic hash of the case id and a configured seed, so the decision can be replayed and audited:
/// the same case and seed always give the same answer, and the share of a large population approaches the configured one.
/// </remarks>
public static class SurveySampling
{
    /// <summary>The least share sampled in person (Itagüí PAU-02: "como mínimo al 10 % de los usuarios").</summary>
    public const decimal MinimumShare = 0.10m;

    /// <summary>Whether the channel is virtual (chat, web, email): always surveyed.</summary>
    public static bool IsVirtual(Channel channel) => channel is Channel.Chat or Channel.Web or Channel.Email;

    /// <summary>Whether to offer the survey for this case.</summary>
    public static bool Offer(Channel channel, Guid caseId, decimal share, string seed) =>
        IsVirtual(channel) || Draw(caseId, seed) < (double)Math.Clamp(Math.Max(share, MinimumShare), 0m, 1m);

    /// <summary>A uniform number in [0, 1) fixed by the case and the seed.</summary>
    public static double Draw(Guid caseId, string seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}/{caseId:N}"));
        return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) / (double)(1UL << 53);
    }
}
