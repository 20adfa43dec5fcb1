using Atencion.CaseService.Tests.Lifecycle;
using Atencion.CaseService.Tests.Staff;
using Atencion.Domain.Cases;

namespace Atencion.CaseService.Tests.Jobs;

/// <summary>What fell due while every node was down is applied within seconds of the next start-up.</summary>
public sealed class JobsRestartTests(JobsFixture f) : IClassFixture<JobsFixture>
{
    private async Task<int> Count(Guid id, string type) => (await f.Db.EventsOfAsync(id)).Count(e => e.Type == type);

    [Fact]
    public async Task A_deadline_and_an_idle_close_that_fell_due_while_the_service_was_down_are_applied_within_seconds_of_start_up()
    {
        var specialist = f.As(Api.Flori, "specialist", "pedro");
        var start = f.NextBusinessMorning();
        var (id, classified) = await specialist.Classified("information-request", Lifecycle.Lifecycle.At(start));
        var due = classified.Date("dueDate")!.Value;
        await f.MarkPresent(Api.Tenjo, "asesor");

        // A second node holds the chat; the fixture's node is the one that stays up in production terms, so here the
        // "down" period is modelled by a node that is stopped, and the check is made by the node that starts after it.
        var first = await f.NewHostAsync();
        var chat = await JobsClusterTests.StartChat(first);
        await first.DisposeAsync();
        await f.StopHostAsync(); // every node is down now

        f.Time.Advance(TimeSpan.FromSeconds(125));
        f.AdvanceToAtLeast(DeadlineCheck.BreachAt(due, Lifecycle.Lifecycle.Bogota).AddHours(3));

        f.Replace(await f.NewHostAsync()); // the fixture disposes it
        var startedAt = DateTime.UtcNow;
        await Sweeps.UntilAsync(() => Count(id, "DeadlineBreached"), n => n == 1, "the breach after restart", seconds: 10);
        await Sweeps.UntilAsync(() => Count(chat, "ChatClosed"), n => n == 1, "the idle close after restart", seconds: 10);
        Assert.True(DateTime.UtcNow - startedAt < TimeSpan.FromSeconds(10));
    }

}
