using Atencion.CaseService.Email;
using Atencion.CaseService.Tests.Lifecycle;
using Atencion.Domain.Cases;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Tracking;

namespace Atencion.CaseService.Tests.Email;

/// <summary>Emails the service owes citizens reach a real SMTP server on loopback, once, with the radicado and the case's reply address.</summary>
public sealed class EmailDeliveryTests(EmailFixture f) : IClassFixture<EmailFixture>
{
    private ReceivedMessage[] ReceivedFor(Guid emailId) =>
        f.Smtp.Received.Where(m => m.Parse().MessageId == $"{emailId:N}@atencion.test").ToArray();

    [Fact]
    public async Task An_answer_reaches_the_citizen_by_smtp_with_the_radicado_and_the_cases_reply_address()
    {
        var (id, radicado) = await f.FiledCaseWithEmail("luz.rueda@example.com");
        // A line that starts with a dot must survive SMTP's dot-stuffing.
        await f.Respond(id, "Su proceso se encuentra en etapa probatoria.\n.Más detalles en la oficina.");
        var queued = Assert.Single(await f.Events(id, "EmailQueued"));
        var emailId = queued.GetProperty("emailId").GetGuid();
        Assert.Equal("response", queued.GetProperty("kind").GetString());

        await f.OutboxSettled(id);

        var message = Assert.Single(ReceivedFor(emailId));
        Assert.Equal(["luz.rueda@example.com"], message.Recipients);
        Assert.Equal("no-responder@atencion.test", message.From);
        var mime = message.Parse();
        Assert.Equal($"[Radicado {radicado}] Respuesta a su petición", mime.Subject);
        var replyTo = Assert.Single(mime.ReplyTo.Mailboxes).Address;
        Assert.Equal(f.Host.Services.GetRequiredService<ReplyAddress>().For(Api.Flori, id), replyTo);
        Assert.True(f.Host.Services.GetRequiredService<ReplyAddress>().TryParse(replyTo, out var tenant, out var caseId));
        Assert.Equal((Api.Flori, id), (tenant, caseId));
        Assert.Contains("Estimado(a) Luz Marina Rueda:", mime.TextBody);
        Assert.Contains("Su proceso se encuentra en etapa probatoria.\n.Más detalles en la oficina.", (mime.TextBody ?? "").ReplaceLineEndings("\n"));
        Assert.Contains("Personería", mime.TextBody);

        var delivered = Assert.Single(await f.Events(id, "EmailDelivered"));
        Assert.Equal(emailId, delivered.GetProperty("emailId").GetGuid());
        Assert.Equal(1, delivered.GetProperty("attempts").GetInt32());
        var row = Assert.Single(await f.Outbox(id));
        Assert.Equal(("delivered", 1), (row.Status, row.Attempts));

        // The same message handled again (a recovered envelope, a second node) sends nothing and records nothing.
        await f.Host.InvokeMessageAndWaitAsync(new SendEmail(Api.Flori, id, emailId));
        Assert.Single(ReceivedFor(emailId));
        Assert.Single(await f.Events(id, "EmailDelivered"));
    }

    [Fact]
    public async Task A_referral_tells_the_citizen_by_email_which_entity_handles_the_request_and_why()
    {
        var (id, radicado) = await f.FiledCaseWithEmail("jorge@example.com");
        await f.As(Api.Flori, "advisor").Do(id, "refer",
            new { entity = "Secretaría de Tránsito de Floridablanca", reason = "Los comparendos son de su competencia." });
        var queued = Assert.Single(await f.Events(id, "EmailQueued"));
        Assert.Equal("referral", queued.GetProperty("kind").GetString());

        await f.OutboxSettled(id);

        var mime = Assert.Single(ReceivedFor(queued.GetProperty("emailId").GetGuid())).Parse();
        Assert.StartsWith($"[Radicado {radicado}] ", mime.Subject);
        Assert.Contains("Secretaría de Tránsito de Floridablanca", mime.TextBody);
        Assert.Contains("Los comparendos son de su competencia.", mime.TextBody);
        Assert.Contains("artículo 21 de la Ley 1755 de 2015", mime.TextBody);
        Assert.Single(await f.Events(id, "EmailDelivered"));
    }

    [Fact]
    public async Task The_answer_to_an_offline_chat_arrives_by_email_at_the_address_the_citizen_left()
    {
        // Nobody is present at the Personería: the chat starts offline and waits for an answer by email.
        var started = await f.Anonymous().Scenario(x =>
        {
            x.Post.Json(new { name = "Marta Gómez", email = "marta.chat@example.com", question = "¿Cómo pido una conciliación?", dataProcessingConsent = true })
                .ToUrl($"/api/{Api.Flori}/chats");
            x.StatusCodeShouldBeSuccess();
        });
        var chat = started.Json();
        Assert.Equal("offline", chat.GetProperty("mode").GetString());
        var id = chat.GetProperty("caseId").GetGuid();
        await f.As(Api.Flori, "advisor").Do(id, "classify", new { type = "consultation" });
        await f.Respond(id, "Puede solicitarla en la oficina de conciliación, de lunes a viernes.");

        await f.OutboxSettled(id);

        var emailId = Assert.Single(await f.Events(id, "EmailQueued")).GetProperty("emailId").GetGuid();
        var message = Assert.Single(ReceivedFor(emailId));
        Assert.Equal(["marta.chat@example.com"], message.Recipients);
        Assert.Contains("Puede solicitarla en la oficina de conciliación", message.Parse().TextBody);
        Assert.Single(await f.Events(id, "EmailDelivered"));
    }

    [Fact]
    public async Task A_citizen_without_email_gets_no_email_and_a_refused_answer_queues_none()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase(Api.Flori, new { channel = "phone", citizen = new { name = "Sin correo", phone = "3001112233" }, subject = "Consulta", text = "Pregunta." });
        await advisor.Do(id, "classify", new { type = "consultation" });
        await f.Respond(id, "Respuesta por teléfono.");
        Assert.Empty(await f.Events(id, "EmailQueued"));
        Assert.Empty(await f.Outbox(id));

        var (withEmail, _) = await f.FiledCaseWithEmail();
        var before = await f.Db.CountEventsAsync();
        await advisor.Command(withEmail, "respond", new { text = "", channel = "email" }, expect: x => x.ProblemShouldBe(System.Net.HttpStatusCode.BadRequest));
        Assert.Equal(before, await f.Db.CountEventsAsync());
        Assert.Empty(await f.Outbox(withEmail));
    }

    [Fact]
    public async Task With_the_server_down_the_email_is_retried_on_the_backoff_schedule_and_delivered_once_when_it_is_back()
    {
        var (id, _) = await f.FiledCaseWithEmail("paciente@example.com");
        f.Smtp.Stop();
        OutboxRow failing;
        try
        {
            await f.Respond(id, "Respuesta que espera al servidor.");
            // Each failure is recorded on the row with the time of the next attempt, and Wolverine tries again then.
            failing = Assert.Single(await f.OutboxUntil(id, rows => rows is [{ Attempts: >= 3 }]));
            Assert.Equal("pending", failing.Status);
            Assert.NotNull(failing.LastError);
            Assert.Equal(f.Time.GetUtcNow() + TimeSpan.FromSeconds(EmailFixture.RetryDelaySeconds), failing.NextAttemptAt);
            Assert.Empty(await f.Events(id, "EmailDelivered"));
        }
        finally
        {
            f.Smtp.Start();
        }

        var row = Assert.Single(await f.OutboxSettled(id));
        Assert.Single(ReceivedFor(row.EmailId));
        var delivered = Assert.Single(await f.Events(id, "EmailDelivered"));
        Assert.Equal(row.Attempts, delivered.GetProperty("attempts").GetInt32());
        Assert.Equal("delivered", row.Status);
        Assert.True(row.Attempts > failing.Attempts, $"delivered on attempt {row.Attempts}, after {failing.Attempts} failures");
        Assert.True(row.Attempts < RetrySchedule.DefaultMaxAttempts);
    }

    [Fact]
    public async Task A_temporary_451_is_retried_and_the_server_reply_is_kept_as_the_last_error()
    {
        var (id, _) = await f.FiledCaseWithEmail("temporal@example.com");
        f.Smtp.RejectMailFromWith = "451 4.3.0 Mailbox busy, try later";
        try
        {
            await f.Respond(id, "Respuesta tras un rechazo temporal.");
            var failed = Assert.Single(await f.OutboxUntil(id, rows => rows is [{ Attempts: >= 1 }]));
            Assert.Equal("pending", failed.Status);
            Assert.Contains("451", failed.LastError);
        }
        finally { f.Smtp.RejectMailFromWith = null; }

        var row = Assert.Single(await f.OutboxSettled(id));
        Assert.Single(ReceivedFor(row.EmailId));
        Assert.Contains("451", row.LastError);
        Assert.True(Assert.Single(await f.Events(id, "EmailDelivered")).GetProperty("attempts").GetInt32() >= 2);
    }
}
