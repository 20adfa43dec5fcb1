using RequiredAttribute = System.ComponentModel.DataAnnotations.RequiredAttribute;
using Atencion.Domain.Cases;
using Atencion.Domain.Common;

namespace Atencion.CaseService.Inbound;

/// <summary>A file attached to the email, base64-encoded.</summary>
/// <param name="FileName">The file's name.</param>
/// <param name="ContentType">The type the sender declared (informative: the kind is recognised by content).</param>
/// <param name="ContentBase64">The bytes in base64 (line breaks allowed).</param>
public sealed record InboundAttachmentRequest([Required] string? FileName, string? ContentType, [Required] string? ContentBase64);

/// <summary>An email as the mail gateway parsed it.</summary>
/// <param name="From">The sender: an address, optionally with a display name (<c>María Pérez &lt;maria@example.com&gt;</c>).</param>
/// <param name="To">The To addresses.</param>
/// <param name="Cc">The Cc addresses.</param>
/// <param name="Subject">The subject.</param>
/// <param name="Text">The plain-text body (at most 100 000 characters).</param>
/// <param name="Html">The HTML body: stored for auditors, never rendered.</param>
/// <param name="MessageId">The Message-ID header: the same one is stored once per entity.</param>
/// <param name="InReplyTo">The In-Reply-To header.</param>
/// <param name="References">The References header.</param>
/// <param name="Attachments">At most 10 PDF, PNG or JPEG files, each at most 10 MB decoded.</param>
public sealed partial record InboundEmailRequest(
    [Required] string? From, IReadOnlyList<string?>? To, IReadOnlyList<string?>? Cc, string? Subject, string? Text, string? Html,
    [Required] string? MessageId, string? InReplyTo, string? References, IReadOnlyList<InboundAttachmentRequest?>? Attachments)
{
    /// <summary>The most Message-IDs of In-Reply-To and References looked at for threading.</summary>
    public const int MaxThreadIds = 20;

    /// <summary>
    /// The Message-IDs this email answers, most direct first: In-Reply-To's, then References' from the last (the parent) back.
    /// Angle brackets are taken off; a header without them counts as one id. Lengths are checked by the command.
    /// </summary>
    public IReadOnlyList<string> ThreadIds()
    {
        static IEnumerable<string> Ids(string? header)
        {
            if (string.IsNullOrWhiteSpace(header)) return [];
            var bracketed = MessageIds().Matches(header).Select(m => m.Groups[1].Value).ToList();
            return bracketed.Count > 0 ? bracketed : header.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(1);
        }
        return [.. Ids(InReplyTo).Concat(Ids(References).Reverse()).Distinct(StringComparer.Ordinal).Where(id => id.Length <= 998).Take(MaxThreadIds)];
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"<([^<>\s]+)>")]
    private static partial System.Text.RegularExpressions.Regex MessageIds();

    /// <summary>The command, with the attachments decoded; bad base64 is reported under its field path.</summary>
    public ReceiveEmail ToCommand(Validator v)
    {
        var attachments = new List<InboundAttachment>();
        var given = Attachments ?? [];
        for (var i = 0; i < given.Count && i <= ReceiveEmail.MaxAttachments; i++)
        {
            var a = given[i];
            if (a is null) { v.Add($"attachments[{i}]", "is required."); continue; }
            byte[] bytes = [];
            if (string.IsNullOrWhiteSpace(a.ContentBase64)) v.Add($"attachments[{i}].contentBase64", "is required.");
            else
            {
                try { bytes = Convert.FromBase64String(a.ContentBase64); }
                catch (FormatException) { v.Add($"attachments[{i}].contentBase64", "is not valid base64."); }
            }
            attachments.Add(new InboundAttachment(Guid.CreateVersion7(), a.FileName, bytes));
        }
        // Counted on what was sent, not on what was decoded (decoding stops past the limit).
        if (given.Count > ReceiveEmail.MaxAttachments)
            v.Add("attachments", $"at most {ReceiveEmail.MaxAttachments} attachments (there are {given.Count}).");
        var command = new ReceiveEmail(MessageId, From, To ?? [], Cc ?? [], Subject, Text, Html, InReplyTo,
            given.Count > ReceiveEmail.MaxAttachments ? [] : attachments);
        command.Validate(v);
        return command;
    }
}

/// <summary>Where the email went.</summary>
/// <param name="CaseId">The case it threaded into or opened.</param>
/// <param name="Threaded">True when it was a reply to an existing case.</param>
/// <param name="Radicado">The case's radicado, when it has one.</param>
/// <param name="Duplicate">True when this Message-ID had already been stored: nothing was appended this time.</param>
public sealed record InboundEmailAccepted(Guid CaseId, bool Threaded, string? Radicado, bool Duplicate);
