namespace Atencion.Domain.Audit;

/// <summary>Marks the events of an access-log stream: the reads made by auditors and control entities.</summary>
public interface IAccessLogEvent;

/// <summary>An auditor or a control entity read something (a case, its history or integrity, indicators, a report, the audit listing).</summary>
/// <param name="Route">The route template read, e.g. <c>/api/{tenant}/cases/{id:guid}/history</c>.</param>
/// <param name="Path">The path actually read, with its query string.</param>
/// <param name="CaseId">The case read, when the route names one.</param>
/// <param name="Status">The HTTP status answered.</param>
public sealed record ReadRecorded(string Route, string Path, Guid? CaseId, int Status) : IAccessLogEvent;

/// <summary>Where reads are recorded: one append-only stream per tenant, user and day.</summary>
public static class AccessLog
{
    /// <summary>The stream type of an access log.</summary>
    public const string StreamType = "access-log";

    /// <summary>The roles whose reads are recorded.</summary>
    public static readonly IReadOnlySet<string> RecordedRoles = new HashSet<string>(StringComparer.Ordinal) { "auditor", "control" };

    /// <summary>The stream id of a user's reads on a day (UTC): a name-based UUID, the same on every node.</summary>
    public static Guid StreamId(string tenant, string userId, DateOnly day)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"access-log\n{tenant}\n{userId}\n{day:yyyy-MM-dd}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5-style (name-based)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true);
    }
}
