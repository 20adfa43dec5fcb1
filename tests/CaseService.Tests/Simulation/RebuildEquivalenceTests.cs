using Atencion.EventStore.Marten.Store;
using System.Net;
using Atencion.EventStore;
using Atencion.Projections.CaseSearch;
using Atencion.Projections.Daemon;
using Atencion.Projections.Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Atencion.CaseService.Tests.Simulation;

/// <summary>The service with a daemon that retries and polls quickly, whose projections a test can hold mid-batch well into the log.</summary>
public sealed class SimulationFixture() : ServiceFixture(new Dictionary<string, string>
{
    ["Projections:LockRetrySeconds"] = "0.5",
    ["Projections:PollIntervalSeconds"] = "0.5",
})
{
    /// <summary>Shared by every host of the fixture. While armed, each projection's first batch past the 10,000th event is held.</summary>
    public Reports.BatchGate Gate { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        foreach (var d in services.Where(s => s.ServiceType == typeof(IAsyncProjection)).ToList())
        {
            services.Remove(d);
            services.AddSingleton<IAsyncProjection>(sp => new Reports.GatedProjection(
                d.ImplementationInstance as IAsyncProjection ?? (IAsyncProjection)ActivatorUtilities.CreateInstance(sp, d.ImplementationType!), Gate, fromSeq: 10_000));
        }
    }
}

public sealed class RebuildEquivalenceTests(SimulationFixture f, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<SimulationFixture>
{
    [Fact]
    public async Task On_fifty_thousand_simulated_events_a_rebuild_and_a_restart_after_a_kill_mid_batch_yield_exactly_the_incremental_rows()
    {
        var services = f.Host.Services;
        var store = services.GetRequiredService<MartenEventStore>();
        var daemon = services.GetRequiredService<AsyncProjections>();
        var clock = new FakeTimeProvider(ServiceFixture.Start);
        var total = System.Diagnostics.Stopwatch.StartNew();

        // Incremental: the daemon follows the log while the simulation appends it.
        await using var fast = CaseSimulation.FastDataSource(f.Db.AppConnectionString);
        var simulated = await CaseSimulation.RunAsync(CaseSimulation.FastStore(fast, store, clock), clock, seed: 20260302, minEvents: 50_000);
        Assert.True(simulated.Events >= 50_000, $"only {simulated.Events} events");
        var timer = System.Diagnostics.Stopwatch.StartNew();
        output.WriteLine($"{simulated} appended in {total.Elapsed}");
        await daemon.WaitForNonStaleAsync(TimeSpan.FromSeconds(120), default);
        output.WriteLine($"caught up {timer.Elapsed}");
        var incremental = await ProjectionSnapshot.TakeAsync(f.Db.AdminConnectionString, daemon.Projections, "snap_incremental");
        Assert.True(incremental.Tables >= daemon.Projections.Count);
        Assert.Equal(simulated.Cases, await incremental.RowsAsync(CaseSearchProjection.Table));
        Assert.True(simulated.Turns > 100, $"only {simulated.Turns} turns");
        Assert.Equal(simulated.Turns, await incremental.RowsAsync("proj_turn_facts.turn_facts"));

        // Rebuild through the admin API: readers keep seeing the whole live table until the rebuilt one replaces it.
        var admin = f.As("platform", "operator", "ops");
        foreach (var p in daemon.Projections)
            await admin.Scenario(x =>
            {
                x.Post.Url($"/api/admin/projections/{p.Name}/rebuild");
                x.StatusCodeShouldBe(HttpStatusCode.Accepted);
            });
        var seen = new List<long>();
        var rebuilding = new HashSet<string>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            seen.Add(await incremental.RowsAsync(CaseSearchProjection.Table));
            var status = await daemon.StatusAsync(default);
            rebuilding.UnionWith(status.Where(s => s.State == "rebuilding").Select(s => s.Name));
            if (status.All(s => s.RebuildRequestedAt is null && s.LastRebuiltAt is not null)) break;
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(120), "the rebuild did not finish");
            Assert.DoesNotContain(status, s => s.State == "faulted");
            await Task.Delay(50);
        }
        output.WriteLine($"rebuilt {timer.Elapsed}");
        Assert.Contains(CaseSearchProjection.ProjectionName, rebuilding);
        Assert.All(seen, rows => Assert.Equal(simulated.Cases, rows));
        Assert.Empty(Report(await incremental.DifferencesAsync()));

        // Kill mid-batch: from an empty projection (no rows, no progress in Marten), a node is cut off (its daemon's
        // sessions terminated) while applying; a fresh node resumes from what was committed.
        await f.StopHostAsync();
        foreach (var p in daemon.Sources)
            await f.Db.ExecAsAdminAsync($"""
                {string.Join("\n", p.Tables.Names.Select(t => $"delete from {t.QualifiedName};"))}
                delete from atencion_es.mt_event_progression where name = '{p.ShardName}';
                update {p.Control.Table} set live_seq = 0, node = null;
                """);
        // Each projection's first batch past the 10,000th event is held open, half written, until its session is killed:
        // however fast one projection runs next to another, every one of them is cut off mid-batch well into the log.
        f.Gate.Arm();
        f.Replace(await f.NewHostAsync());
        var doomed = f.Host.Services.GetRequiredService<AsyncProjections>();
        var held = new Dictionary<string, Reports.HeldBatch>();
        foreach (var p in doomed.Projections)
            held[p.Name] = await f.Gate.HeldAsync(p.Name, TimeSpan.FromSeconds(120));
        await f.Db.ExecAsAdminAsync("""
            select pg_terminate_backend(pid) from pg_stat_activity
            where datname = current_database() and application_name like 'atencion-daemon%'
            """);
        var killedAt = (await doomed.StatusAsync(default)).ToDictionary(s => s.Name);
        await f.StopHostAsync();
        f.Gate.Disarm();
        Assert.All(killedAt.Values, s => Assert.True(s.LagEvents > 0, $"{s.Name} had already finished at {s.CheckpointSeq}"));
        // The held batch died with its session: its half-written rows and Marten's moved progress were never committed.
        Assert.All(killedAt.Values, s => Assert.True(s.CheckpointSeq < held[s.Name].Written[0],
            $"{s.Name} committed its held batch (checkpoint {s.CheckpointSeq}, batch from {held[s.Name].Written[0]})"));

        f.Replace(await f.NewHostAsync());
        await f.Host.Services.GetRequiredService<AsyncProjections>().WaitForNonStaleAsync(TimeSpan.FromSeconds(120), default);
        output.WriteLine($"restarted and caught up {timer.Elapsed}");
        Assert.Empty(Report(await incremental.DifferencesAsync()));
    }

    /// <summary>Writes the differences in full to the test output (the assertion message truncates them).</summary>
    private IReadOnlyList<string> Report(IReadOnlyList<string> differences)
    {
        foreach (var d in differences) output.WriteLine(d);
        return differences;
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(f.Db.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }
}
