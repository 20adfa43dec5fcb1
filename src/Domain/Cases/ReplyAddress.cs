using System.Security.Cryptography;
using System.Text;

namespace Atencion.Domain.Cases;

/// <summary>The reply address of a case's emails: <c>{local}+{tenant}.{caseId:N}.{tag}@{domain}</c>, where the tag (an HMAC of the rest) lets the inbound channel thread a reply to its case and refuse made-up addresses.</summary>
public sealed class ReplyAddress(byte[] key, string mailbox)
{
    private const int TagChars = 12;
    private readonly string local = mailbox.Split('@') is [{ Length: > 0 } l, { Length: > 0 }] ? l : throw new ArgumentException($"'{mailbox}' is not an email address.", nameof(mailbox));
    private readonly string domain = mailbox.Split('@')[1];

    /// <summary>The address replies to this case's emails go to.</summary>
    public string For(string tenant, Guid caseId) => $"{local}+{tenant}.{caseId:N}.{Tag(tenant, caseId)}@{domain}";

    /// <summary>Finds the case an address (one of possibly several recipients) stands for; false for any other address or a wrong tag.</summary>
    public bool TryParse(string address, out string tenant, out Guid caseId)
    {
        (tenant, caseId) = (string.Empty, Guid.Empty);
        var at = address.Trim().Trim('<', '>').LastIndexOf('@');
        if (at < 0 || !address.Trim().Trim('<', '>')[(at + 1)..].Equals(domain, StringComparison.OrdinalIgnoreCase)) return false;
        var user = address.Trim().Trim('<', '>')[..at];
        if (!user.StartsWith(local + "+", StringComparison.OrdinalIgnoreCase)) return false;
        var parts = user[(local.Length + 1)..].Split('.');
        if (parts is not [var t, var id, var tag] || !Guid.TryParseExact(id, "N", out var parsed)) return false;
        var expected = Tag(t, parsed);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(tag.ToLowerInvariant()), Encoding.ASCII.GetBytes(expected))) return false;
        (tenant, caseId) = (t, parsed);
        return true;
    }

    private string Tag(string tenant, Guid caseId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{tenant}/{caseId:N}")))[..TagChars];
}
