using Atencion.CaseService.Email;
using Atencion.CaseService.Tests.Lifecycle;
using Atencion.Domain.Cases;
using Microsoft.Extensions.DependencyInjection;

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
        Assert.Equal("pending", Assert.Single(await f.Outbox(id)).Status);

        Assert.True(await f.Dispatcher.RunOnceAsync(default) >= 1);

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
        Assert.Contains("Su proceso se encuentra en etapa probatoria.\n.Más detalles en la oficina.", mime.TextBody.ReplaceLineEndings("\n"));
        Assert.Contains("Personería", mime.TextBody);

        var delivered = Assert.Single(await f.Events(id, "EmailDelivered"));
        Assert.Equal(emailId, delivered.GetProperty("emailId").GetGuid());
        Assert.Equal(1, delivered.GetProperty("attempts").GetInt32());
        var row = Assert.Single(await f.Outbox(id));
        Assert.Equal(("delivered", 1), (row.Status, row.Attempts));

        await f.Dispatcher.RunOnceAsync(default);
        f.Time.Advance(TimeSpan.FromHours(1));
        await f.Dispatcher.RunOnceAsync(default);
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

        await f.Dispatcher.RunOnceAsync(default);

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

        await f.Dispatcher.RunOnceAsync(default);

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
        await f.Respond(id, "Respuesta que espera al servidor.");
        var emailId = Assert.Single(await f.Outbox(id)).EmailId;
        f.Smtp.Stop();
        try
        {
            await f.Dispatcher.RunOnceAsync(default);
            for (var failed = 1; failed <= 4; failed++)
            {
                var row = Assert.Single(await f.Outbox(id));
                Assert.Equal(("pending", failed), (row.Status, row.Attempts));
                Assert.Equal(f.Time.GetUtcNow() + RetrySchedule.After(failed), row.NextAttemptAt);
                Assert.NotNull(row.LastError);
                // Just before the backoff ends nothing is tried; at its end the next attempt runs (and fails).
                f.Time.Advance(RetrySchedule.After(failed) - TimeSpan.FromSeconds(1));
                await f.Dispatcher.RunOnceAsync(default);
                Assert.Equal(failed, Assert.Single(await f.Outbox(id)).Attempts);
                f.Time.Advance(TimeSpan.FromSeconds(1));
                await f.Dispatcher.RunOnceAsync(default);
            }
            Assert.Equal(5, Assert.Single(await f.Outbox(id)).Attempts);
            Assert.Empty(await f.Events(id, "EmailDelivered"));
        }
        finally
        {
            f.Smtp.Start();
        }

        f.Time.Advance(RetrySchedule.After(5));
        await f.Dispatcher.RunOnceAsync(default);
        f.Time.Advance(TimeSpan.FromHours(9));
        await f.Dispatcher.RunOnceAsync(default);

        Assert.Single(ReceivedFor(emailId));
        var delivered = Assert.Single(await f.Events(id, "EmailDelivered"));
        Assert.Equal(6, delivered.GetProperty("attempts").GetInt32());
        Assert.Equal(("delivered", 6), (Assert.Single(await f.Outbox(id)).Status, Assert.Single(await f.Outbox(id)).Attempts));
    }

    [Fact]
    public async Task A_temporary_451_is_retried_and_the_server_reply_is_kept_as_the_last_error()
    {
        var (id, _) = await f.FiledCaseWithEmail("temporal@example.com");
        await f.Respond(id, "Respuesta tras un rechazo temporal.");
        f.Smtp.RejectMailFromWith = "451 4.3.0 Mailbox busy, try later";
        try { await f.Dispatcher.RunOnceAsync(default); }
        finally { f.Smtp.RejectMailFromWith = null; }
        var row = Assert.Single(await f.Outbox(id));
        Assert.Equal(("pending", 1), (row.Status, row.Attempts));
        Assert.Contains("451", row.LastError);

        f.Time.Advance(RetrySchedule.After(1));
        await f.Dispatcher.RunOnceAsync(default);

        Assert.Single(ReceivedFor(row.EmailId));
        Assert.Equal(2, Assert.Single(await f.Events(id, "EmailDelivered")).GetProperty("attempts").GetInt32());
    }
}
