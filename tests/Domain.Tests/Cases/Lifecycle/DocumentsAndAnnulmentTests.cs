using Atencion.Domain.Cases;
using Atencion.Domain.Common;
using static Atencion.Domain.Tests.Cases.Lifecycle.CaseScenario;

namespace Atencion.Domain.Tests.Cases.Lifecycle;

public sealed class DocumentsAndAnnulmentTests
{
    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, "application/pdf")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "image/jpeg")]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90 }, null)]
    [InlineData(new byte[] { 0x25, 0x50, 0x44 }, null)]
    [InlineData(new byte[] { 0x3C, 0x68, 0x74, 0x6D, 0x6C }, null)]
    public void Documents_are_recognised_by_their_first_bytes(byte[] head, string? expected) =>
        Assert.Equal(expected, AttachDocument.Detect(head));

    [Fact]
    public void An_attachment_records_the_detected_type_size_and_hash_and_strips_any_path()
    {
        byte[] pdf = [.. "%PDF-1.4 contenido"u8];
        var e = (DocumentAttached)new AttachDocument(Guid.NewGuid(), "../../etc/cedula.pdf", pdf, null).Decide(Filed(At(2026, 3, 2))).Single();
        Assert.Equal("cedula.pdf", e.FileName);
        Assert.Equal("application/pdf", e.ContentType);
        Assert.Equal(pdf.Length, e.Size);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)), e.Sha256);
    }

    [Fact]
    public void Unknown_kinds_empty_files_and_closed_cases_are_refused()
    {
        var c = Filed(At(2026, 3, 2));
        Assert.Equal(415, Assert.Throws<DocumentRefused>(() => new AttachDocument(Guid.NewGuid(), "a.exe", new byte[] { 0x4D, 0x5A }, null).Decide(c)).Status);
        Assert.Throws<ValidationFailed>(() => new AttachDocument(Guid.NewGuid(), "a.pdf", Array.Empty<byte>(), null).Decide(c));
        var closed = c.Then([new CaseClosed(CloseReason.Withdrawn, null)], At(2026, 3, 3));
        Assert.Throws<RuleViolated>(() => new AttachDocument(Guid.NewGuid(), "a.pdf", "%PDF-1"u8.ToArray(), null).Decide(closed));
    }

    [Fact]
    public void An_annulment_removes_the_radicado_so_classifying_again_files_anew()
    {
        var c = Filed(At(2026, 3, 2));
        var annulled = c.Then(new AnnulRadicado("Error de digitación").Decide(c), At(2026, 3, 3));
        Assert.Null(annulled.Radicado);
        Assert.True(Classify.NeedsFiling(annulled, Atencion.Domain.Calendar.PqrsdType.Petition));
        Assert.Throws<RuleViolated>(() => new AnnulRadicado("otra vez").Decide(annulled));
        Assert.Throws<ValidationFailed>(() => new AnnulRadicado("").Decide(c));
    }
}
