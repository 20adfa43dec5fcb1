using Atencion.EventStore.Marten.Store;
using System.Text.Json;
using Atencion.CaseService.Jobs;
using Atencion.CaseService.Tests.Lifecycle;
using Atencion.Domain.Cases;
using Atencion.EventStore;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Atencion.CaseService.Tests.Staff;

namespace Atencion.CaseService.Tests.Jobs;

/// <summary>The console's hub notices: deadline warnings to the supervisors and the assignee only; failed emails to the supervisors.</summary>
public sealed class ConsoleNoticesTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    private HubConnection Console(string role, string user) => new HubConnectionBuilder()
        .WithUrl(new Uri(f.Host.Server.BaseAddress, "/hubs/chat"), o =>
        {
            o.HttpMessageHandlerFactory = _ => f.Host.Server.CreateHandler();
            o.Transports = HttpTransportType.LongPolling;
            o.AccessTokenProvider = () => Task.FromResult<string?>(f.As(Api.Flori, role, user).Token);
        })
        .Build();

    private static Task<JsonElement> Next(HubConnection connection, string method, Guid caseId)
    {
        var received = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<JsonElement>(method, n => { if (n.GetProperty("caseId").GetGuid() == caseId) received.TrySetResult(n); });
        return received.Task;
    }

    [Fact]
    public async Task A_deadline_warning_reaches_the_supervisor_and_the_assignee_and_not_another_advisor()
    {
        var specialist = f.As(Api.Flori, "specialist", "pedro");
        await f.RegisterStaff(Api.Flori, "pedro");
        var start = f.NextBusinessMorning();
        var (id, classified) = await specialist.Classified("information-request", Lifecycle.Lifecycle.At(start));
        await specialist.Do(id, "assign", new { assignee = "pedro" });
        var due = classified.Date("dueDate")!.Value;

        await using var supervisor = Console("supervisor", "jefa");
        await using var assignee = Console("specialist", "pedro");
        await using var other = Console("advisor", "otra");
        var toSupervisor = Next(supervisor, "deadline", id);
        var toAssignee = Next(assignee, "deadline", id);
        var toOther = Next(other, "deadline", id);
        foreach (var c in new[] { supervisor, assignee, other })
        {
            await c.StartAsync();
            await c.InvokeAsync("JoinConsole", Api.Flori);
        }

        f.AdvanceToAtLeast(DeadlineCheck.WarningAt(due, 3, Lifecycle.Lifecycle.Calendar, Lifecycle.Lifecycle.Bogota));
        Assert.True(await f.Host.Services.GetRequiredService<DeadlineSweep>().RunAsync(default) >= 1);

        var notice = await toSupervisor.WaitAsync(Within);
        Assert.Equal("warning", notice.GetProperty("kind").GetString());
        Assert.Equal("pedro", notice.GetProperty("assignee").GetString());
        Assert.Equal(due, DateOnly.Parse(notice.GetProperty("dueDate").GetString()!));
        await toAssignee.WaitAsync(Within);
        // A marker sent to the other advisor's group now arrives after anything sent to that connection before it:
        // had the notice been routed there, it would already have arrived. No sleeping on a guess.
        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        other.On("marker", () => marker.TrySetResult());
        await f.Host.Services.GetRequiredService<IHubContext<Atencion.CaseService.Chat.ChatHub>>().Clients
            .Group(Atencion.CaseService.Chat.ChatHub.StaffMember(Api.Flori, "otra")).SendAsync("marker");
        await marker.Task.WaitAsync(Within);
        Assert.False(toOther.IsCompleted);
    }

    [Fact]
    public async Task A_citizen_token_or_another_entity_cannot_join_a_console()
    {
        await using var foreign = new HubConnectionBuilder()
            .WithUrl(new Uri(f.Host.Server.BaseAddress, "/hubs/chat"), o =>
            {
                o.HttpMessageHandlerFactory = _ => f.Host.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.AccessTokenProvider = () => Task.FromResult<string?>(f.As(Api.Tenjo, "supervisor", "jefa").Token);
            })
            .Build();
        await foreign.StartAsync();
        await Assert.ThrowsAsync<HubException>(() => foreign.InvokeAsync("JoinConsole", Api.Flori));
    }

    [Fact]
    public async Task A_failed_email_is_announced_to_the_supervisors()
    {
        var id = await f.As(Api.Flori, "advisor", "asesora").CreateCase();
        await using var supervisor = Console("supervisor", "jefa");
        var failed = Next(supervisor, "email-failed", id);
        await supervisor.StartAsync();
        await supervisor.InvokeAsync("JoinConsole", Api.Flori);

        var emailId = Guid.NewGuid();
        await f.Host.Services.GetRequiredService<MartenEventStore>().AppendAsync(new TenantId(Api.Flori), id, "case", ExpectedVersion.Any,
            [new EmailFailed(emailId, 9, "550 mailbox unavailable")], new EventMetadata("system", "system", null, "email", Guid.NewGuid()));

        var notice = await failed.WaitAsync(Within);
        Assert.Equal(emailId, notice.GetProperty("emailId").GetGuid());
        Assert.Equal("550 mailbox unavailable", notice.GetProperty("lastError").GetString());
    }
}
