using Atencion.Domain.Cases;
using Atencion.Domain.Common;

namespace Atencion.Domain.Tests.Cases;

public class ReceiveEmailTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 30, 0, TimeSpan.FromHours(-5));
    private static readonly Guid CaseId = Guid.Parse("0195a1c2-0000-7000-8000-000000000001");
    private static readonly CaseClock Clock = new(Now, Atencion.Domain.Calendar.EntityTimeZone.Default, Atencion.Domain.Calendar.BusinessCalendar.National, new Dictionary<Atencion.Domain.Calendar.PqrsdType, int>());
    private static readonly byte[] Pdf = [.. "%PDF-1.7\n"u8, 1, 2, 3];

    private static ReceiveEmail Email(string? from = "\"Pérez, María\" <maria@example.com>", string? subject = "Solicitud",
        string? text = "Texto", IReadOnlyList<InboundAttachment>? attachments = null, string? messageId = "<m1@example.com>") =>
        new(messageId, from, ["atencion@entidad.gov.co"], [], subject, text, "<p>Texto</p>", null, attachments ?? []);

    private static IReadOnlyDictionary<string, string[]> Errors(ReceiveEmail email)
    {
        var v = new Validator();
        email.Validate(v);
        return Assert.Throws<ValidationFailed>(v.ThrowIfAny).Errors;
    }

    [Fact]
    public void A_new_email_opens_an_email_case_with_the_sender_identified_and_the_email_received()
    {
        var events = Email().Open(CaseId, Clock);

        // The general term runs from receipt until the case is classified: 15 business days after Monday 2 March 2026 (23 March is a holiday).
        Assert.Equal(new CaseOpened(CaseId, Channel.Email, "Solicitud", "Texto", Now, new DateOnly(2026, 3, 24)), events[0]);
        Assert.Equal(new Citizen("Pérez, María", "maria@example.com", null, null, null), Assert.IsType<CitizenIdentified>(events[1]).Citizen);
        var received = Assert.IsType<EmailReceived>(events[2]);
        Assert.Equal("m1@example.com", received.MessageId);
        Assert.Equal("<p>Texto</p>", received.Html);
        Assert.Equal(["atencion@entidad.gov.co"], received.To);
    }

    [Fact]
    public void An_email_without_subject_or_text_still_opens_a_case()
    {
        var opened = Assert.IsType<CaseOpened>(Email(subject: null, text: " ").Open(CaseId, Clock)[0]);
        Assert.Equal("(sin asunto)", opened.Subject);
        Assert.Equal("(sin texto)", opened.Text);
    }

    [Fact]
    public void A_reply_lists_its_attachments_hashed_and_recognised_by_content()
    {
        var id = Guid.CreateVersion7();
        var events = Email(attachments: [new InboundAttachment(id, "dir/escaneo.bin", Pdf)]).Reply();

        Assert.Equal([id], Assert.IsType<EmailReceived>(events[0]).Attachments);
        var doc = Assert.IsType<DocumentAttached>(events[1]);
        Assert.Equal(("escaneo.bin", "application/pdf", 12L), (doc.FileName, doc.ContentType, doc.Size));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Pdf)), doc.Sha256);
    }

    [Fact]
    public void Missing_or_malformed_fields_are_named()
    {
        var errors = Errors(Email(from: "no-es-correo", messageId: null) with { Cc = ["bien@example.com", "mal"] });
        Assert.Contains("from", errors.Keys);
        Assert.Contains("messageId", errors.Keys);
        Assert.Contains("cc[1]", errors.Keys);
    }

    [Fact]
    public void Attachments_are_refused_by_size_and_by_kind()
    {
        var big = new InboundAttachment(Guid.NewGuid(), "a.pdf", new byte[AttachDocument.MaxSize + 1]);
        Assert.Equal(413, Assert.Throws<DocumentRefused>(Email(attachments: [big]).CheckAttachments).Status);
        var zip = new InboundAttachment(Guid.NewGuid(), "a.pdf", new byte[] { 0x50, 0x4B, 3, 4 });
        Assert.Equal(415, Assert.Throws<DocumentRefused>(Email(attachments: [zip]).CheckAttachments).Status);
    }
}
