using Atencion.CaseService.Tests.Staff;
using Atencion.Projections.Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Admin;

/// <summary>The first node tries the projections' locks only once a minute, so the second node, which tries every 200 ms, is the one to take over.</summary>
public sealed class FailoverFixture() : ServiceFixture(new Dictionary<string, string> { ["Projections:LockRetrySeconds"] = "60" });

public sealed class DaemonFailoverTests(FailoverFixture f) : IClassFixture<FailoverFixture>
{
    [Fact]
    public async Task With_two_nodes_each_projection_runs_on_one_and_the_other_takes_over_within_seconds_when_it_dies()
    {
        var first = f.Host.Services.GetRequiredService<AsyncProjections>();
        await using var secondHost = await f.NewHostAsync(new Dictionary<string, string> { ["Projections:LockRetrySeconds"] = "0.2", ["Projections:Node"] = "node-b" });
        var second = secondHost.Services.GetRequiredService<AsyncProjections>();
        var advisor = f.As(Api.Flori, "advisor");
        await advisor.CreateCase();
        await first.WaitForNonStaleAsync(TimeSpan.FromSeconds(30), default);
        await Task.Delay(600); // several of the second node's attempts

        Assert.All(await first.StatusAsync(default), s => Assert.Equal(("running", first.Node), (s.State, s.Node)));
        Assert.All(await second.StatusAsync(default), s => Assert.Equal(("standby", first.Node), (s.State, s.Node)));

        // The first node dies: its daemon's sessions end (and with them its advisory locks).
        await f.Db.ExecAsAdminAsync($"select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = '{first.NodeInfo.ApplicationName}'");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        foreach (var p in first.Projections)
            await ProjectionFaultTests.StatusUntil(second, p.Name, s => s.State == "running");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took over after {watch.Elapsed}");
        Assert.All(await first.StatusAsync(default), s => Assert.Equal(("standby", "node-b"), (s.State, s.Node)));

        // The second node now applies what is appended.
        var id = await advisor.CreateCase();
        await second.WaitForNonStaleAsync(TimeSpan.FromSeconds(30), default);
        Assert.Contains(id, (await advisor.CasePage(Api.Flori)).Ids());
    }
}
