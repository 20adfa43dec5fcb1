using System.Net;
using System.Security.Cryptography;
using Atencion.CaseService.Tests.Lifecycle;
using Atencion.CaseService.Tests.Public;

namespace Atencion.CaseService.Tests.Inbound;

public sealed class InboundThreadingTests(InboundFixture f) : IClassFixture<InboundFixture>
{
    [Fact]
    public async Task An_email_to_nobody_in_particular_opens_an_email_case_with_the_citizen_identified()
    {
        var before = await f.Db.CountEventsAsync();

        var response = await f.Deliver(InboundApi.Email(subject: "Queja por atención", text: "Me atendieron mal en la ventanilla 3."),
            expect: x => x.StatusCodeShouldBe(HttpStatusCode.Created));

        var accepted = response.Json();
        var id = accepted.GetProperty("caseId").GetGuid();
        Assert.False(accepted.GetProperty("threaded").GetBoolean());
        Assert.False(accepted.GetProperty("duplicate").GetBoolean());
        Assert.Equal($"/api/{Api.Flori}/cases/{id}", response.Header("Location"));
        Assert.Equal(before + 3, await f.Db.CountEventsAsync());

        var view = await f.As(Api.Flori, "advisor").View(id);
        Assert.Equal("email", view.Str("channel"));
        Assert.Equal("Queja por atención", view.Str("subject"));
        Assert.Equal("Me atendieron mal en la ventanilla 3.", view.Str("text"));
        Assert.Equal(f.Time.GetUtcNow(), view.GetProperty("receivedAt").GetDateTimeOffset());
        Assert.Equal("María Pérez", view.GetProperty("citizen").Str("name"));
        Assert.Equal("maria.perez@example.com", view.GetProperty("citizen").Str("email"));
        var email = view.GetProperty("receivedEmails").EnumerateArray().Single();
        Assert.Equal("maria.perez@example.com", email.Str("from"));
        Assert.True(email.GetProperty("knownSender").GetBoolean());
        Assert.False(email.TryGetProperty("html", out _));
        Assert.DoesNotContain("<script>", view.GetRawText());
        Assert.Equal(f.Time.GetUtcNow(), view.GetProperty("lastEmailAt").GetDateTimeOffset());

        // The HTML is kept in the event for auditors, never in what the console reads.
        var history = (await f.As(Api.Flori, "auditor").Scenario(x => x.Get.Url($"/api/{Api.Flori}/cases/{id}/history"))).Json();
        var types = history.GetProperty("events").EnumerateArray().Select(e => e.Str("type")).ToList();
        Assert.Equal(["CaseOpened", "CitizenIdentified", "EmailReceived"], types);
        Assert.Contains("<script>", history.GetProperty("events")[2].GetProperty("data").Str("html"));
    }

    [Fact]
    public async Task A_reply_to_our_reply_address_threads_into_its_case()
    {
        var (advisor, id) = await f.GivenACase();
        var before = await f.Db.CountEventsAsync();

        var reply = InboundApi.Email(subject: "Re: Su solicitud", text: "Adjunto lo que me pidieron.",
            to: ["Personería <atencion@personeria.gov.co>", $"Respuestas <{f.ReplyAddressOf(Api.Flori, id)}>"]);
        reply["inReplyTo"] = "<abc@atencion.local>";
        var response = await f.Deliver(reply, expect: x => x.StatusCodeShouldBeOk());

        var accepted = response.Json();
        Assert.Equal(id, accepted.GetProperty("caseId").GetGuid());
        Assert.True(accepted.GetProperty("threaded").GetBoolean());
        Assert.Equal(before + 1, await f.Db.CountEventsAsync());
        var email = (await advisor.View(id)).GetProperty("receivedEmails").EnumerateArray().Single();
        Assert.Equal("Re: Su solicitud", email.Str("subject"));
        Assert.Equal("Adjunto lo que me pidieron.", email.Str("text"));
        Assert.Equal("María Pérez", email.Str("fromName"));
        Assert.False(email.GetProperty("knownSender").GetBoolean()); // the case's citizen is luz@example.com
    }

    [Fact]
    public async Task A_radicado_of_the_entity_in_the_subject_threads_into_its_case()
    {
        var filed = await f.Anonymous().FilePqrsd(form: PublicApi.Form(email: "maria.perez@example.com"));
        var before = await f.Db.CountEventsAsync();

        var response = await f.Deliver(InboundApi.Email(subject: $"RV: Radicado {filed.Radicado} - complemento"), expect: x => x.StatusCodeShouldBeOk());

        var accepted = response.Json();
        Assert.Equal(filed.CaseId, accepted.GetProperty("caseId").GetGuid());
        Assert.True(accepted.GetProperty("threaded").GetBoolean());
        Assert.Equal(filed.Radicado, accepted.Str("radicado"));
        Assert.Equal(before + 1, await f.Db.CountEventsAsync());
        var email = (await f.As(Api.Flori, "advisor").View(filed.CaseId)).GetProperty("receivedEmails")[0];
        Assert.True(email.GetProperty("knownSender").GetBoolean());
    }

    [Fact]
    public async Task A_reply_to_an_answered_case_is_kept_and_flagged_until_the_case_is_reopened()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var (id, _) = await advisor.Classified("petition");
        await advisor.Do(id, "respond", new { text = "Respuesta de fondo", channel = "email" });
        await advisor.Do(id, "close", new { reason = "answered" });

        await f.Deliver(InboundApi.Email(subject: "Re: respuesta", text: "No estoy de acuerdo con la respuesta.",
            to: [f.ReplyAddressOf(Api.Flori, id)]), expect: x => x.StatusCodeShouldBeOk());

        var view = await advisor.View(id);
        Assert.Equal("closed", view.Str("status"));
        Assert.Equal(1, view.GetProperty("repliesAfterAnswer").GetInt32());
        Assert.True(view.GetProperty("receivedEmails")[0].GetProperty("afterAnswer").GetBoolean());

        await f.As(Api.Flori, "supervisor").Do(id, "reopen", new { reason = "El ciudadano respondió en desacuerdo." });
        Assert.Equal(0, (await advisor.View(id)).GetProperty("repliesAfterAnswer").GetInt32());
    }

    [Fact]
    public async Task Attachments_are_stored_with_their_hash_and_served_back()
    {
        var email = InboundApi.Email();
        email["attachments"] = new[] { InboundApi.Attachment("cedula.pdf", InboundApi.Pdf, "application/pdf"), InboundApi.Attachment("foto.jpg", InboundApi.Png) };
        var response = await f.Deliver(email, expect: x => x.StatusCodeShouldBe(HttpStatusCode.Created));

        var id = response.Json().GetProperty("caseId").GetGuid();
        var advisor = f.As(Api.Flori, "advisor");
        var view = await advisor.View(id);
        var docs = view.GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal(2, docs.Count);
        Assert.Equal("application/pdf", docs[0].Str("contentType"));
        Assert.Equal("image/png", docs[1].Str("contentType")); // by content, not by the name or the declared type
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(InboundApi.Pdf)), docs[0].Str("sha256"));
        var listed = view.GetProperty("receivedEmails")[0].GetProperty("attachments").EnumerateArray().Select(a => a.GetGuid());
        Assert.Equal(docs.Select(d => d.GetProperty("documentId").GetGuid()), listed);

        var download = await advisor.Scenario(x => x.Get.Url($"/api/{Api.Flori}/cases/{id}/documents/{docs[1].Str("documentId")}"));
        Assert.Equal(InboundApi.Png, download.ReadAsBytes());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(InboundApi.Png)), download.Context.Response.Headers["X-Content-SHA256"].Single());
    }

    [Fact]
    public async Task A_reply_with_an_attachment_threads_both()
    {
        var (advisor, id) = await f.GivenACase();
        var email = f.ReplyTo(id);
        email["attachments"] = new[] { InboundApi.Attachment("soporte.pdf", InboundApi.Pdf) };
        var before = await f.Db.CountEventsAsync();

        await f.Deliver(email, expect: x => x.StatusCodeShouldBeOk());

        Assert.Equal(before + 2, await f.Db.CountEventsAsync());
        Assert.Equal("soporte.pdf", (await advisor.View(id)).GetProperty("documents")[0].Str("fileName"));
    }
}
