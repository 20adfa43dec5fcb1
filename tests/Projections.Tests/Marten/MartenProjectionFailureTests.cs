using Atencion.Domain.Turns;

namespace Atencion.Projections.Tests.Marten;

/// <summary>A projection that fails mid-batch on Marten's daemon commits neither its rows nor Marten's progress, and catches up once it stops failing.</summary>
public sealed class MartenProjectionFailureTests(MartenDaemonFixture f) : IClassFixture<MartenDaemonFixture>
{
    [Fact]
    public async Task A_failure_after_writing_rows_commits_neither_the_rows_nor_the_progress()
    {
        await f.TurnAsync(1, waitSeconds: 60, serviceSeconds: 120, expiry: null);
        await f.CaughtUpAsync();
        var rowsBefore = await f.TurnFactsAsync(MartenDaemonFixture.FailingSchema);
        var progressBefore = await f.ProgressAsync(f.Failing.Name);
        Assert.Single(rowsBefore);

        f.Failing.Fail = true;
        var later = await f.TurnAsync(2, waitSeconds: 30, serviceSeconds: 90, expiry: null);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (f.Failing.Failures == 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.True(f.Failing.Failures > 0, "the failing projection was never given the new batch");
        // Let Marten's own retries of the failed batch run their course.
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal(rowsBefore, await f.TurnFactsAsync(MartenDaemonFixture.FailingSchema));
        Assert.Equal(progressBefore, await f.ProgressAsync(f.Failing.Name));

        f.Failing.Fail = false;
        var shard = $"{f.Failing.Name}:All";
        await f.Daemon.StartAgentAsync(shard, CancellationToken.None);
        await f.CaughtUpAsync();

        var rows = await f.TurnFactsAsync(MartenDaemonFixture.FailingSchema);
        Assert.Equal(await f.TurnFactsAsync("proj_turn_facts"), rows);
        Assert.Contains(rows, r => r.Contains(later.ToString()));
        Assert.True(await f.ProgressAsync(f.Failing.Name) > progressBefore);
    }
}
