using Atencion.CaseService.Jobs;
using Atencion.CaseService.Tests.Chat;
using Atencion.CaseService.Tests.Scenarios;
using Atencion.CaseService.Tests.Lifecycle;
using Atencion.CaseService.Tests.Staff;
using Atencion.Domain.Cases;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Jobs;

/// <summary>Two service hosts on one database, both running a Hangfire server on the shared storage: each firing acts once.</summary>
public sealed class JobsClusterTests(JobsFixture f) : IClassFixture<JobsFixture>
{
    private async Task<int> Count(Guid id, string type) => (await f.Db.EventsOfAsync(id)).Count(e => e.Type == type);

    [Fact]
    public async Task With_two_nodes_each_deadline_and_each_idle_close_is_applied_once()
    {
        await using var second = await f.NewHostAsync();
        var specialist = f.As(Api.Flori, "specialist", "pedro");
        var start = f.NextBusinessMorning();
        var cases = new List<Guid>();
        DateOnly due = default;
        for (var i = 0; i < 6; i++)
        {
            var (id, c) = await specialist.Classified("information-request", Lifecycle.Lifecycle.At(start));
            cases.Add(id);
            due = c.Date("dueDate")!.Value;
        }
        await f.MarkPresent(Api.Tenjo, "asesor");
        var chats = new List<Guid>();
        for (var i = 0; i < 6; i++) chats.Add((await f.StartChat(Api.Tenjo)).CaseId);

        f.Time.Advance(TimeSpan.FromSeconds(121));
        foreach (var chat in chats)
            await Sweeps.UntilAsync(() => Count(chat, "ChatClosed"), n => n > 0, "the idle close");
        f.AdvanceToAtLeast(DeadlineCheck.WarningAt(due, 3, Lifecycle.Lifecycle.Calendar, Lifecycle.Lifecycle.Bogota));
        foreach (var id in cases)
            await Sweeps.UntilAsync(() => Count(id, "DeadlineWarningRaised"), n => n > 0, "the warning");
        f.AdvanceToAtLeast(DeadlineCheck.BreachAt(due, Lifecycle.Lifecycle.Bogota));
        foreach (var id in cases)
            await Sweeps.UntilAsync(() => Count(id, "DeadlineBreached"), n => n > 0, "the breach");

        // Both nodes keep sweeping a while: nothing more is appended.
        await f.Host.RunsAsync(DeadlineSweep.JobName, 3);
        await second.RunsAsync(IdleChatSweep.JobName, 3);
        foreach (var chat in chats) Assert.Equal(1, await Count(chat, "ChatClosed"));
        foreach (var id in cases)
        {
            Assert.Equal(1, await Count(id, "DeadlineWarningRaised"));
            Assert.Equal(1, await Count(id, "DeadlineBreached"));
        }
        // The cluster shared the work: a trigger fires on one node per firing, and both nodes took some.
        var runs = new[] { f.Host, second }.Select(h => h.Services.GetRequiredService<JobRuns>().All.Sum(r => r.Runs)).ToArray();
        Assert.All(runs, n => Assert.True(n > 0, $"runs per node: {string.Join(", ", runs)}"));
    }

    internal static async Task<Guid> StartChat(Alba.IAlbaHost host)
    {
        var body = (await host.Scenario(x => { x.Post.Json(ChatApi.Form()).ToUrl($"/api/{Api.Tenjo}/chats"); x.StatusCodeShouldBe(201); })).Json();
        Assert.Equal("live", body.GetProperty("mode").GetString());
        return body.GetProperty("caseId").GetGuid();
    }
}
