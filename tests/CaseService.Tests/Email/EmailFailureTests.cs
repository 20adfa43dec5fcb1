using Atencion.EventStore.Marten.Store;
using Atencion.CaseService.Email;
using Atencion.Domain.Cases;
using Atencion.EventStore;
using Atencion.Projections;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Email;

/// <summary>Nothing is lost: an email that never gets through is recorded as failed and supervisors are told; two dispatchers send each email once; the outbox row commits with its event or not at all.</summary>
public sealed class EmailFailureTests(EmailFixture f) : IClassFixture<EmailFixture>
{
    private async Task DispatchThroughEveryAttempt()
    {
        for (var attempt = 1; attempt <= RetrySchedule.DefaultMaxAttempts; attempt++)
        {
            await f.Dispatcher.RunOnceAsync(default);
            f.Time.Advance(RetrySchedule.After(attempt));
        }
    }

    [Fact]
    public async Task After_the_last_attempt_the_email_is_failed_and_the_supervisors_are_alerted_but_never_about_a_failed_alert()
    {
        await f.RegisterSupervisor("jefa-marta", "marta.jefe@example.com");
        var (id, radicado) = await f.FiledCaseWithEmail("inexistente@example.com");
        await f.Respond(id, "Respuesta que nunca llegará.");
        var original = Assert.Single(await f.Outbox(id)).EmailId;
        f.Smtp.RejectMailFromWith = "550 5.1.1 Mailbox unavailable";
        try
        {
            await DispatchThroughEveryAttempt();

            var failed = Assert.Single(await f.Events(id, "EmailFailed"));
            Assert.Equal(original, failed.GetProperty("emailId").GetGuid());
            Assert.Equal(9, failed.GetProperty("attempts").GetInt32());
            Assert.Contains("550", failed.GetProperty("lastError").GetString());
            var alert = Assert.Single((await f.Events(id, "EmailQueued")), e => e.GetProperty("kind").GetString() == "delivery-failure");
            Assert.Equal(["marta.jefe@example.com"], alert.GetProperty("to").EnumerateArray().Select(a => a.GetString()));
            Assert.StartsWith($"[Radicado {radicado}] ", alert.GetProperty("subject").GetString());
            Assert.Contains("inexistente@example.com", alert.GetProperty("body").GetString());
            var rows = await f.Outbox(id);
            Assert.Equal(("failed", 9), (rows[0].Status, rows[0].Attempts));
            Assert.Equal(("pending", 0), (rows[1].Status, rows[1].Attempts));

            // The alert fails as well: it is recorded as failed, and no alert about it is queued.
            await DispatchThroughEveryAttempt();
            Assert.Equal(2, (await f.Events(id, "EmailFailed")).Count);
            Assert.Equal(2, (await f.Events(id, "EmailQueued")).Count);
            Assert.All(await f.Outbox(id), r => Assert.Equal("failed", r.Status));
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
        await f.Respond(id, "Respuesta que rebota.");
        f.Smtp.RejectMailFromWith = "550 5.1.1 Mailbox unavailable";
        try { await DispatchThroughEveryAttempt(); }
        finally { f.Smtp.RejectMailFromWith = null; }

        await f.Dispatcher.RunOnceAsync(default);

        var alert = Assert.Single(f.Smtp.Received, m => m.Parse().Subject == $"[Radicado {radicado}] No se pudo entregar un correo");
        Assert.Contains("pablo.jefe@example.com", alert.Recipients);
        Assert.Single(await f.Events(id, "EmailDelivered"));
    }

    [Fact]
    public async Task Two_dispatchers_on_two_hosts_at_once_deliver_each_email_exactly_once()
    {
        var (id, _) = await f.FiledCaseWithEmail("concurrencia@example.com");
        var store = f.Host.Services.GetRequiredService<MartenEventStore>();
        var emails = f.Host.Services.GetRequiredService<Domain.Cases.Emails.CaseEmails>();
        var state = await f.CaseState(id);
        var queued = Enumerable.Range(1, 30)
            .Select(i => emails.StaffNotice(EmailKind.DeadlineWarning, Api.Flori, state, [$"funcionario{i}@example.com"], $"Aviso {i}", "Texto.")!)
            .ToList();
        await store.AppendAsync(new TenantId(Api.Flori), id, EventCatalog.CaseStream, ExpectedVersion.Any, queued.Cast<object>().ToList(), EventMetadata.System());
        await using var nodeB = await f.NewHostAsync();
        var dispatcherB = nodeB.Services.GetRequiredService<EmailDispatcher>();
        f.Smtp.DataDelay = TimeSpan.FromMilliseconds(40);
        int handledA = 0, handledB = 0;
        try
        {
            await Task.WhenAll(
                Task.Run(async () => { for (var i = 0; i < 5; i++) handledA += await f.Dispatcher.RunOnceAsync(default); }),
                Task.Run(async () => { for (var i = 0; i < 5; i++) handledB += await dispatcherB.RunOnceAsync(default); }));
        }
        finally
        {
            f.Smtp.DataDelay = TimeSpan.Zero;
        }

        Assert.Equal(30, handledA + handledB);
        Assert.True(handledA > 0 && handledB > 0, $"both dispatchers should have worked: {handledA} and {handledB}");
        var ids = queued.Select(q => $"{q.EmailId:N}@atencion.test").ToHashSet();
        var received = f.Smtp.Received.Select(m => m.Parse().MessageId).Where(ids.Contains).ToList();
        Assert.Equal(30, received.Count);
        Assert.Equal(30, received.Distinct().Count());
        var delivered = await f.Events(id, "EmailDelivered");
        Assert.Equal(queued.Select(q => q.EmailId).Order(), delivered.Select(d => d.GetProperty("emailId").GetGuid()).Order());
    }

    [Fact]
    public async Task An_email_queued_in_a_transaction_that_rolls_back_leaves_no_outbox_row()
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
            Assert.Empty(await f.Outbox(id)); // written in the append's transaction, so not visible outside it
            throw new InvalidOperationException("the command failed after queuing its email");
        }));

        Assert.Empty(await f.Outbox(id));
        Assert.Empty(await f.Events(id, "EmailQueued"));
        await store.InTransactionAsync(async (t, ct) =>
            await t.AppendAsync(new TenantId(Api.Flori), id, EventCatalog.CaseStream, ExpectedVersion.Exactly(version), [email], EventMetadata.System(), ct));
        Assert.Equal(email.EmailId, Assert.Single(await f.Outbox(id)).EmailId);
        await f.Dispatcher.RunOnceAsync(default);
    }
}
