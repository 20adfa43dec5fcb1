using System.Net.Mail;
using System.Security.Cryptography;
using Atencion.Domain.Common;

namespace Atencion.Domain.Cases;

/// <summary>A file attached to an inbound email, already decoded.</summary>
/// <param name="DocumentId">The id the stored document gets.</param>
/// <param name="FileName">The name the sender gave it.</param>
/// <param name="Content">The bytes.</param>
public sealed record InboundAttachment(Guid DocumentId, string? FileName, ReadOnlyMemory<byte> Content);

/// <summary>Receive a parsed email: validate it, then either thread it into a case or open a new case on the email channel.</summary>
/// <param name="MessageId">The Message-ID header.</param>
/// <param name="From">The From header: an address, optionally with a display name (<c>María &lt;maria@example.com&gt;</c>).</param>
/// <param name="To">The To addresses.</param>
/// <param name="Cc">The Cc addresses.</param>
/// <param name="Subject">The subject.</param>
/// <param name="Text">The plain-text body.</param>
/// <param name="Html">The HTML body.</param>
/// <param name="InReplyTo">The In-Reply-To header.</param>
/// <param name="Attachments">The decoded attachments.</param>
public sealed record ReceiveEmail(
    string? MessageId, string? From, IReadOnlyList<string?> To, IReadOnlyList<string?> Cc, string? Subject, string? Text, string? Html,
    string? InReplyTo, IReadOnlyList<InboundAttachment> Attachments)
{
    /// <summary>The longest plain-text body accepted.</summary>
    public const int MaxText = 100_000;

    /// <summary>The longest HTML body accepted.</summary>
    public const int MaxHtml = 1_000_000;

    /// <summary>The longest subject accepted (a header line's limit, RFC 5322).</summary>
    public const int MaxSubject = 998;

    /// <summary>The most attachments one email may carry.</summary>
    public const int MaxAttachments = 10;

    /// <summary>The most To and Cc addresses together.</summary>
    public const int MaxRecipients = 100;

    /// <summary>Checks the email's form, adding errors under the request's JSON paths (the caller throws).</summary>
    public void Validate(Validator v)
    {
        if (string.IsNullOrWhiteSpace(MessageId)) v.Add("messageId", "is required.");
        else if (NormalizedMessageId.Length is 0 or > MaxSubject || NormalizedMessageId.Any(char.IsWhiteSpace))
            v.Add("messageId", "must be one Message-ID of at most 998 characters, without spaces.");
        if (string.IsNullOrWhiteSpace(From)) v.Add("from", "is required.");
        else if (Parse(From) is null) v.Add("from", $"'{From}' is not an email address (optionally with a display name: Name <address>).");
        if (To.Count + Cc.Count > MaxRecipients) v.Add("to", $"at most {MaxRecipients} addresses in to and cc together.");
        Addresses(v, "to", To);
        Addresses(v, "cc", Cc);
        v.Optional("subject", Subject, MaxSubject).Optional("text", Text, MaxText).Optional("inReplyTo", InReplyTo, MaxSubject);
        if (Html is not null && Html.Length > MaxHtml) v.Add("html", $"must be at most {MaxHtml} characters (it has {Html.Length}).");
        if (Attachments.Count > MaxAttachments) v.Add("attachments", $"at most {MaxAttachments} attachments (there are {Attachments.Count}).");
        for (var i = 0; i < Attachments.Count; i++)
        {
            v.Required($"attachments[{i}].fileName", Attachments[i].FileName, 255);
            if (Attachments[i].Content.Length == 0) v.Add($"attachments[{i}].contentBase64", "is empty.");
        }
    }

    /// <summary>Refuses an attachment over 10 MB (413) or that is not a PDF, PNG or JPEG by its content (415), like staff uploads.</summary>
    public void CheckAttachments()
    {
        for (var i = 0; i < Attachments.Count; i++)
        {
            var a = Attachments[i];
            if (a.Content.Length > AttachDocument.MaxSize)
                throw new DocumentRefused(413, $"Attachment {i} ('{a.FileName}') has {a.Content.Length} bytes; at most {AttachDocument.MaxSize} (10 MB) are accepted.");
            if (AttachDocument.Detect(a.Content.Span) is null)
                throw new DocumentRefused(415, $"Attachment {i} ('{a.FileName}') is not a PDF, PNG or JPEG by its content; only those are accepted.");
        }
    }

    /// <summary>The Message-ID without surrounding blanks and angle brackets: the key that deduplicates.</summary>
    public string NormalizedMessageId => (MessageId ?? "").Trim().Trim('<', '>').Trim();

    /// <summary>The sender's address and display name (valid only after <see cref="Validate"/> passed).</summary>
    public (string Address, string? Name) Sender => Parse(From!)!.Value;

    /// <summary>Every To and Cc address, without display names (valid only after <see cref="Validate"/> passed).</summary>
    public IReadOnlyList<string> Recipients => [.. To.Concat(Cc).Select(a => Parse(a!)!.Value.Address)];

    /// <summary>A reply threaded into an existing case: appended whatever the case's state, because a citizen's reply must never be lost.</summary>
    public IReadOnlyList<ICaseEvent> Reply() => [Received(), .. Documents()];

    /// <summary>A new case on the email channel: opened with the subject and text, the sender identified by name and email.</summary>
    public IReadOnlyList<ICaseEvent> Open(Guid caseId, CaseClock clock)
    {
        var now = clock.Now;
        var subject = string.IsNullOrWhiteSpace(Subject) ? "(sin asunto)" : Subject.Trim();
        if (subject.Length > OpenCase.MaxSubject) subject = subject[..(OpenCase.MaxSubject - 1)] + "…";
        var text = string.IsNullOrWhiteSpace(Text) ? "(sin texto)" : Text.Trim();
        var (address, name) = Sender;
        if (name?.Length > 200) name = name[..200];
        return [new CaseOpened(caseId, Channel.Email, subject, text, now, ProvisionalTerm.DueDate(now, clock)), new CitizenIdentified(new Citizen(name, address, null, null, null)),
            Received(), .. Documents()];
    }

    /// <summary>The email's stored documents, in the order they were attached.</summary>
    public IEnumerable<DocumentAttached> Documents() => Attachments.Select(a => new DocumentAttached(
        a.DocumentId, Path.GetFileName(a.FileName!.Trim()), AttachDocument.Detect(a.Content.Span)!, a.Content.Length,
        Convert.ToHexStringLower(SHA256.HashData(a.Content.Span)), "Adjunto del correo " + NormalizedMessageId));

    private EmailReceived Received()
    {
        var (address, name) = Sender;
        return new EmailReceived(NormalizedMessageId, address, name, Recipients, Subject?.Trim() ?? "", Text?.Trim() ?? "", Html,
            string.IsNullOrWhiteSpace(InReplyTo) ? null : InReplyTo.Trim(), [.. Attachments.Select(a => a.DocumentId)]);
    }

    private static void Addresses(Validator v, string field, IReadOnlyList<string?> addresses)
    {
        for (var i = 0; i < addresses.Count; i++)
            if (string.IsNullOrWhiteSpace(addresses[i]) || Parse(addresses[i]!) is null)
                v.Add($"{field}[{i}]", $"'{addresses[i]}' is not an email address.");
    }

    /// <summary>An address with an optional display name, or null when it is not one.</summary>
    public static (string Address, string? Name)? Parse(string value)
    {
        if (value.Length > 500 || !MailAddress.TryCreate(value.Trim(), out var a) || !Validator.IsEmail(a.Address)) return null;
        return (a.Address, string.IsNullOrWhiteSpace(a.DisplayName) ? null : a.DisplayName.Trim());
    }
}
