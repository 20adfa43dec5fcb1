using Atencion.Domain.Common;

namespace Atencion.Domain.Cases;

/// <summary>Attach a document: only PDF, PNG and JPEG, recognised by their first bytes rather than by what the client says.</summary>
/// <param name="DocumentId">The new document's id.</param>
/// <param name="FileName">The uploaded name.</param>
/// <param name="Content">The bytes.</param>
/// <param name="Description">What it is.</param>
public sealed record AttachDocument(Guid DocumentId, string? FileName, ReadOnlyMemory<byte> Content, string? Description)
{
    /// <summary>The largest document accepted: 10 MB.</summary>
    public const long MaxSize = 10 * 1024 * 1024;

    /// <summary>The content type a file's signature shows, or null when it is none of PDF, PNG or JPEG.</summary>
    public static string? Detect(ReadOnlySpan<byte> head) =>
        head.StartsWith("%PDF-"u8) ? "application/pdf"
        : head.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }) ? "image/png"
        : head.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }) ? "image/jpeg"
        : null;

    /// <summary>Decides the attachment (the caller stores the bytes in the same transaction).</summary>
    public IReadOnlyList<ICaseEvent> Decide(Case c)
    {
        var v = new Validator().Required("file", FileName, 255).Optional("description", Description, 500);
        if (Content.Length == 0) v.Add("file", "is empty.");
        // A file name is one line: a raw CR, LF or tab in it comes from a broken Content-Disposition, not from a file.
        if (FileName?.Any(c => c is '\r' or '\n' or '\t') == true) v.Add("file", "its name must not contain line breaks or tabs.");
        v.ThrowIfAny();
        if (Content.Length > MaxSize) throw new DocumentRefused(413, $"The document has {Content.Length} bytes; at most {MaxSize} (10 MB) are accepted.");
        var type = Detect(Content.Span) ?? throw new DocumentRefused(415, "Only PDF, PNG and JPEG documents are accepted, recognised by their content.");
        CaseRules.NotClosed(c, "attach documents");
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Content.Span));
        return [new DocumentAttached(DocumentId, Path.GetFileName(FileName!.Trim()), type, Content.Length, hash, Description?.Trim())];
    }
}

/// <summary>A document refused for its size (413) or its kind (415).</summary>
/// <param name="Status">The HTTP status that says why.</param>
/// <param name="Message">The explanation.</param>
public sealed class DocumentRefused(int Status, string Message) : Exception(Message)
{
    /// <summary>413 or 415.</summary>
    public int Status { get; } = Status;
}

/// <summary>Annul the case's radicado, with a written justification that stays in the history.</summary>
/// <param name="Justification">Why.</param>
public sealed record AnnulRadicado(string? Justification)
{
    /// <summary>Decides the annulment; classifying the case again files it with a new number.</summary>
    public IReadOnlyList<ICaseEvent> Decide(Case c)
    {
        new Validator().Required("justification", Justification, 2_000).ThrowIfAny();
        if (c.Radicado is null) throw new RuleViolated("The case has no radicado to annul.", CaseRules.Status(c));
        return [new RadicadoAnnulled(c.Radicado, Justification!.Trim())];
    }
}
