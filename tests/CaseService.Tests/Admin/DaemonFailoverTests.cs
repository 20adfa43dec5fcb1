using Atencion.EventStore.Marten.Store;
using Atencion.CaseService.Tests.Staff;
using Atencion.EventStore;
using Atencion.Projections.Daemon;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atencion.CaseService.Tests.Admin;

/// <summary>The service's own daemon retries slowly, so a second node that retries every 200 ms is the one to take over.</summary>
public sealed class FailoverFixture() : ServiceFixture(new Dictionary<string, string> { ["Projections:LockRetrySeconds"] = "60" });

public sealed class DaemonFailoverTests(FailoverFixture f) : IClassFixture<FailoverFixture>
{
    [Fact]
    public async Task With_two_nodes_each_projection_runs_on_one_and_the_other_takes_over_within_seconds_when_it_dies()
    {
        var services = f.Host.Services;
        var first = services.GetRequiredService<ProjectionDaemon>();
        var options = services.GetRequiredService<ProjectionDaemonOptions>() with { Node = "node-b", LockRetryInterval = TimeSpan.FromMilliseconds(200) };
        await using var second = new ProjectionDaemon(first.Projections, services.GetRequiredService<MartenEventStore>(), options, TimeProvider.System, NullLogger<ProjectionDaemon>.Instance);
        await second.StartAsync(default);
        var advisor = f.As(Api.Flori, "advisor");
        await advisor.CreateCase();
        await first.WaitForNonStaleAsync(TimeSpan.FromSeconds(30), default);
        await Task.Delay(600); // several of the second node's attempts

        Assert.All(await first.StatusAsync(default), s => Assert.Equal(("running", first.Node), (s.State, s.Node)));
        Assert.All(await second.StatusAsync(default), s => Assert.Equal(("standby", first.Node), (s.State, s.Node)));

        // The first node dies: its sessions end (and with them its advisory locks).
        await f.Db.ExecAsAdminAsync("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name like 'atencion-daemon-lock%'");
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
