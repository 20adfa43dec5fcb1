using Atencion.CaseService.Jobs;
using Atencion.CaseService.Tests.Email;
using Atencion.CaseService.Tests.Lifecycle;
using Atencion.Domain.Cases;

namespace Atencion.CaseService.Tests.Jobs;

/// <summary>The scheduler with SMTP to a loopback server: the deadline sweep queues the warning email and Wolverine delivers it.</summary>
public sealed class ScheduledEmailFixture : ServiceFixture
{
    public LoopbackSmtpServer Smtp { get; }

    public ScheduledEmailFixture() : this(LoopbackSmtpServer.StartNew()) { }

    private ScheduledEmailFixture(LoopbackSmtpServer smtp) : base(new Dictionary<string, string>
    {
        ["Jobs:Enabled"] = "true",
        ["Jobs:DeadlinesSeconds"] = "1",
        ["Email:Enabled"] = "true",
        ["Email:Transport"] = "smtp",
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = smtp.Port.ToString(),
        ["Email:Smtp:Tls"] = "none",
        ["Email:From"] = EmailFixture.From,
        ["Email:ReplyMailbox"] = EmailFixture.ReplyMailbox,
    }) => Smtp = smtp;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

public sealed class ScheduledEmailTests(ScheduledEmailFixture f) : IClassFixture<ScheduledEmailFixture>
{
    [Fact]
    public async Task A_deadline_warning_reaches_the_supervisors_and_the_assignee_by_email_with_the_radicado()
    {
        var admin = f.As(Api.Flori, "admin", "admin");
        await admin.Scenario(x =>
        {
            x.Put.Json(new { name = "Marta Jefa", skills = Array.Empty<string>(), email = "jefa@personeria.test", supervisor = true }).ToUrl($"/api/{Api.Flori}/staff/jefa");
            x.StatusCodeShouldBeSuccess();
        });
        await admin.Scenario(x =>
        {
            x.Put.Json(new { name = "Pedro Pérez", skills = Array.Empty<string>(), email = "pedro@personeria.test" }).ToUrl($"/api/{Api.Flori}/staff/pedro");
            x.StatusCodeShouldBeSuccess();
        });
        var specialist = f.As(Api.Flori, "specialist", "pedro");
        var start = f.NextBusinessMorning();
        var (id, classified) = await specialist.Classified("petition", Lifecycle.Lifecycle.At(start));
        await specialist.Do(id, "assign", new { assignee = "pedro" });
        var due = classified.Date("dueDate")!.Value;
        var radicado = classified.Str("radicado")!;

        f.AdvanceToAtLeast(DeadlineCheck.WarningAt(due, 3, Lifecycle.Lifecycle.Calendar, Lifecycle.Lifecycle.Bogota));
        var delivered = await Sweeps.UntilAsync(() => f.Db.EventsOfAsync(id), e => e.Any(x => x.Type == "EmailDelivered"), "the warning email's delivery");
        Assert.Equal(["DeadlineWarningRaised", "EmailQueued"], delivered.Select(e => e.Type).SkipWhile(t => t != "DeadlineWarningRaised").Take(2));

        var message = Assert.Single(f.Smtp.Received, m => m.Parse().Subject?.Contains(radicado) == true);
        Assert.Equal(["jefa@personeria.test", "pedro@personeria.test"], message.Recipients.Order());
        Assert.Contains($"{due:yyyy-MM-dd}", message.Parse().Subject ?? "");
        Assert.Single(f.Smtp.Received, m => m.Parse().Subject?.Contains(radicado) == true);
    }
}
