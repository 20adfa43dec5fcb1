using Atencion.EventStore.Marten.Store;
using Atencion.CaseService.Email;
using Atencion.CaseService.Hosting;
using Atencion.Domain.Cases;
using Atencion.EventStore;
using Atencion.Projections;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Email;

/// <summary>Nothing is lost: an email that never gets through is recorded as failed, supervisors are told and the operator sees its dead letter; two nodes send each email once; the message commits with its event or not at all.</summary>
public sealed class EmailFailureTests(EmailFixture f) : IClassFixture<EmailFixture>
{
    [Fact]
    public async Task After_the_last_attempt_the_email_is_failed_and_the_supervisors_are_alerted_but_never_about_a_failed_alert()
    {
        await f.RegisterSupervisor("jefa-marta", "marta.jefe@example.com");
        var (id, radicado) = await f.FiledCaseWithEmail("inexistente@example.com");
        f.Smtp.RejectMailFromWith = "550 5.1.1 Mailbox unavailable";
        try
        {
            await f.Respond(id, "Respuesta que nunca llegará.");
            var original = Assert.Single(await f.Outbox(id)).EmailId;
            await f.OutboxUntil(id, rows => rows.Count > 0 && rows[0].Status == "failed");

            var failed = Assert.Single(await f.Events(id, "EmailFailed"));
            Assert.Equal(original, failed.GetProperty("emailId").GetGuid());
            Assert.Equal(9, failed.GetProperty("attempts").GetInt32());
            Assert.Contains("550", failed.GetProperty("lastError").GetString());
            var alert = Assert.Single((await f.Events(id, "EmailQueued")), e => e.GetProperty("kind").GetString() == "delivery-failure");
            Assert.Equal(["marta.jefe@example.com"], alert.GetProperty("to").EnumerateArray().Select(a => a.GetString()));
            Assert.StartsWith($"[Radicado {radicado}] ", alert.GetProperty("subject").GetString());
            Assert.Contains("inexistente@example.com", alert.GetProperty("body").GetString());
            Assert.Equal(("failed", 9), ((await f.Outbox(id))[0].Status, (await f.Outbox(id))[0].Attempts));

            // The alert fails as well: it is recorded as failed, and no alert about it is queued.
            var rows = await f.OutboxSettled(id, emails: 2);
            Assert.Equal(2, (await f.Events(id, "EmailFailed")).Count);
            Assert.Equal(2, (await f.Events(id, "EmailQueued")).Count);
            Assert.All(rows, r => Assert.Equal(("failed", 9), (r.Status, r.Attempts)));

            // Both messages end in Wolverine's dead letters, which the platform's operator reads (and nobody else).
            var letters = (await f.As(Api.Flori, "operator", "ops").Scenario(x => { x.Get.Url("/api/admin/dead-letters"); x.StatusCodeShouldBeOk(); }))
                .Json().EnumerateArray().Where(l => l.GetProperty("caseId").ValueKind != System.Text.Json.JsonValueKind.Null
                    && l.GetProperty("caseId").GetGuid() == id).ToList();
            Assert.Equal(rows.Select(r => r.EmailId).Order(), letters.Select(l => l.GetProperty("emailId").GetGuid()).Order());
            Assert.All(letters, l => Assert.Contains("550", l.GetProperty("exceptionMessage").GetString()));
            await f.As(Api.Flori, "admin").Scenario(x => { x.Get.Url("/api/admin/dead-letters"); x.ProblemShouldBe(System.Net.HttpStatusCode.Forbidden); });
            await f.As(Api.Flori, "operator", "ops").Scenario(x => { x.Get.Url("/api/admin/dead-letters?limit=0"); x.ProblemShouldBe(System.Net.HttpStatusCode.BadRequest); });
        }
        finally
        {
            f.Smtp.RejectMailFromWith = null;
        }
    }

    [Fact]
    public async Task The_supervisors_alert_is_delivered_to_them_when_the_server_takes_it()
    {
        await f.RegisterSupervisor("jefe-pablo", "pablo.jefe@example.com");
        var (id, radicado) = await f.FiledCaseWithEmail("rebota@example.com");
        f.Smtp.RejectMailFromWith = "550 5.1.1 Mailbox unavailable";
        try
        {
            await f.Respond(id, "Respuesta que rebota.");
            await f.OutboxUntil(id, rows => rows.Count > 0 && rows[0].Status == "failed");
        }
        finally { f.Smtp.RejectMailFromWith = null; }

        var rows = await f.OutboxSettled(id, emails: 2);

        Assert.Equal(("failed", "delivered"), (rows[0].Status, rows[1].Status));
        var alert = Assert.Single(f.Smtp.Received, m => m.Parse().Subject == $"[Radicado {radicado}] No se pudo entregar un correo");
        Assert.Contains("pablo.jefe@example.com", alert.Recipients);
        Assert.Single(await f.Events(id, "EmailDelivered"));
    }

    [Fact]
    public async Task Two_nodes_on_one_database_deliver_each_email_exactly_once()
    {
        var (id, _) = await f.FiledCaseWithEmail("concurrencia@example.com");
        var emails = f.Host.Services.GetRequiredService<Domain.Cases.Emails.CaseEmails>();
        var state = await f.CaseState(id);
        var queued = Enumerable.Range(1, 30)
            .Select(i => emails.StaffNotice(EmailKind.DeadlineWarning, Api.Flori, state, [$"funcionario{i}@example.com"], $"Aviso {i}", "Texto.")!)
            .ToList();
        await using var nodeB = await f.NewHostAsync();
        f.Smtp.DataDelay = TimeSpan.FromMilliseconds(40);
        try
        {
            // Half the emails are queued by commands on each node, at once; each node's messages are its own to send.
            Task QueueAll(IServiceProvider node, IEnumerable<EmailQueued> emails) => Task.Run(async () =>
            {
                var store = node.GetRequiredService<MartenEventStore>();
                foreach (var email in emails)
                    await store.AppendAsync(new TenantId(Api.Flori), id, EventCatalog.CaseStream, ExpectedVersion.Any, [email], EventMetadata.System());
            });
            await Task.WhenAll(QueueAll(f.Host.Services, queued.Take(15)), QueueAll(nodeB.Services, queued.Skip(15)));
            await f.OutboxSettled(id, emails: 30);
        }
        finally
        {
            f.Smtp.DataDelay = TimeSpan.Zero;
        }

        var ids = queued.Select(q => $"{q.EmailId:N}@atencion.test").ToHashSet();
        var received = f.Smtp.Received.Select(m => m.Parse().MessageId).Where(id => id is not null && ids.Contains(id)).ToList();
        Assert.Equal(30, received.Count);
        Assert.Equal(30, received.Distinct().Count());
        var delivered = await f.Events(id, "EmailDelivered");
        Assert.Equal(queued.Select(q => q.EmailId).Order(), delivered.Select(d => d.GetProperty("emailId").GetGuid()).Order());
    }

    [Fact]
    public async Task An_email_queued_in_a_transaction_that_rolls_back_leaves_no_outbox_row_and_no_message()
    {
        var (id, _) = await f.FiledCaseWithEmail("rollback@example.com");
        var store = f.Host.Services.GetRequiredService<MartenEventStore>();
        var state = await f.CaseState(id);
        var email = f.Host.Services.GetRequiredService<Domain.Cases.Emails.CaseEmails>().Response(Api.Flori, "Personería", state, "Respuesta.")!;
        var version = (await store.FetchStreamStateAsync(new TenantId(Api.Flori), id))!.Version;

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.InTransactionAsync<int>(async (t, ct) =>
        {
            await t.AppendAsync(new TenantId(Api.Flori), id, EventCatalog.CaseStream, ExpectedVersion.Exactly(version), [email], EventMetadata.System(), ct);
            await using var inside = t.Command("select count(*) from atencion.email_outbox where email_id = @id");
            inside.Parameters.AddWithValue("id", email.EmailId);
            Assert.Equal(1L, await inside.ExecuteScalarAsync(ct));
            // The message's envelope is written in the same transaction (Wolverine's durable inbox of the local queue).
            await using var envelopes = t.Command(MessagesOf(email.EmailId));
            Assert.Equal(1L, await envelopes.ExecuteScalarAsync(ct));
            Assert.Equal(0L, await MessagesAsync(email.EmailId));
            Assert.Empty(await f.Outbox(id)); // written in the append's transaction, so not visible outside it
            throw new InvalidOperationException("the command failed after queuing its email");
        }));

        Assert.Empty(await f.Outbox(id));
        Assert.Empty(await f.Events(id, "EmailQueued"));
        Assert.Equal(0L, await MessagesAsync(email.EmailId));
        Assert.DoesNotContain(f.Smtp.Received, m => m.Parse().MessageId == $"{email.EmailId:N}@atencion.test");

        await store.InTransactionAsync(async (t, ct) =>
            await t.AppendAsync(new TenantId(Api.Flori), id, EventCatalog.CaseStream, ExpectedVersion.Exactly(version), [email], EventMetadata.System(), ct));
        Assert.Equal(email.EmailId, Assert.Single(await f.OutboxSettled(id)).EmailId);
        Assert.Single(f.Smtp.Received, m => m.Parse().MessageId == $"{email.EmailId:N}@atencion.test");
    }

    // The envelopes of one email's message, read from Wolverine's incoming table (the serialized envelope holds the message's JSON).
    private static string MessagesOf(Guid emailId) =>
        $"select count(*) from {WolverineSetup.Schema}.wolverine_incoming_envelopes where position(convert_to('{emailId}', 'UTF8') in body) > 0";

    private async Task<long> MessagesAsync(Guid emailId)
    {
        await using var cmd = f.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().CreateCommand(MessagesOf(emailId));
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
