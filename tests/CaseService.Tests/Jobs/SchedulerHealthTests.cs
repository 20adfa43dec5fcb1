using System.Net;
using System.Text.Json;
using Atencion.CaseService.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Hangfire;

namespace Atencion.CaseService.Tests.Jobs;

/// <summary>A sweep a test can make fail or hang, standing in for the turn-expiry sweep.</summary>
public sealed class ControlledSweep : ISweep
{
    private TaskCompletionSource gate = Completed();

    public string Name => TurnExpirySweep.JobName;

    /// <summary>The message the next runs fail with, or null to succeed.</summary>
    public volatile string? Failure;

    /// <summary>Makes the next run hang until <see cref="Release"/>.</summary>
    public void Hang() => gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => gate.TrySetResult();

    public async Task<int> RunAsync(CancellationToken ct)
    {
        await gate.Task.WaitAsync(ct);
        return Failure is { } message ? throw new InvalidOperationException(message) : 0;
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}

/// <summary>The scheduler running, with the turn-expiry sweep replaced by one the test controls.</summary>
public sealed class SchedulerHealthFixture() : JobsFixture(new Dictionary<string, string> { ["Jobs:TurnsSeconds"] = "1" })
{
    public ControlledSweep Sweep { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.RemoveAll<ISweep>();
        services.AddSingleton<ISweep>(sp => sp.GetRequiredService<DeadlineSweep>());
        services.AddSingleton<ISweep>(sp => sp.GetRequiredService<IdleChatSweep>());
        services.AddSingleton<ISweep>(sp => sp.GetRequiredService<PresenceSweep>());
        services.AddSingleton<ISweep>(Sweep);
    }
}

/// <summary>/health/ready reports Hangfire and the sweeps: on schedule, a sweep unscheduled, failing or stuck, this node's server stopped.</summary>
public sealed class SchedulerHealthTests(SchedulerHealthFixture f) : IClassFixture<SchedulerHealthFixture>
{
    private static readonly string[] AllSweeps = [DeadlineSweep.JobName, IdleChatSweep.JobName, PresenceSweep.JobName, TurnExpirySweep.JobName];

    private async Task<(HttpStatusCode Status, JsonElement Check)> ReadyAsync(string check = "scheduler")
    {
        var response = await Ready();
        return ((HttpStatusCode)response.Status(), response.Json().GetProperty("checks").GetProperty(check));
    }

    /// <summary>/health/ready, whatever its status (503 when unready): the tests look at it afterwards.</summary>
    private Task<IScenarioResult> Ready(Action<Scenario>? expect = null) =>
        f.Anonymous().Scenario(x => { x.Get.Url("/health/ready"); (expect ?? (e => e.IgnoreStatusCode()))(x); });

    private Task<(HttpStatusCode Status, JsonElement Check)> UntilAsync(string status, string what, string check = "scheduler") =>
        Sweeps.UntilAsync(() => ReadyAsync(check), r => r.Check.GetProperty("status").GetString() == status, what);

    [Fact]
    public async Task A_running_server_with_every_sweep_on_schedule_is_healthy_and_shows_each_recurring_job()
    {
        await f.Host.RunsAsync(TurnExpirySweep.JobName);
        var (status, check) = await UntilAsync("healthy", "the scheduler healthy");
        Assert.Equal(HttpStatusCode.OK, status);
        var data = check.GetProperty("data");
        Assert.True(data.GetProperty("enabled").GetBoolean());
        foreach (var sweep in AllSweeps)
        {
            var s = data.GetProperty($"sweep:{sweep}");
            Assert.Equal(JsonValueKind.String, s.GetProperty("nextExecution").ValueKind);
            Assert.Matches(@"^\*/\d+ \* \* \* \* \*$", s.GetProperty("cron").GetString());
        }
        var turns = data.GetProperty($"sweep:{TurnExpirySweep.JobName}");
        Assert.Equal("*/1 * * * * *", turns.GetProperty("cron").GetString());
        Assert.Equal(JsonValueKind.String, turns.GetProperty("lastExecution").ValueKind);
        Assert.Contains(turns.GetProperty("lastJobState").GetString(), new[] { "succeeded", "processing", "enqueued" });
    }

    [Fact]
    public async Task Hangfire_reports_this_nodes_server_and_its_heartbeat()
    {
        var (status, check) = await UntilAsync("healthy", "the hangfire check healthy", "hangfire");
        Assert.Equal(HttpStatusCode.OK, status);
        var mine = check.GetProperty("data").GetProperty("servers").EnumerateArray().Single(s => s.GetProperty("thisNode").GetBoolean());
        Assert.True(mine.GetProperty("workers").GetInt32() > 0);
        Assert.InRange(mine.GetProperty("heartbeatAgeSeconds").GetDouble(), 0, 30);
        Assert.True(check.GetProperty("data").TryGetProperty("failedJobs", out _));
    }

    [Fact]
    public async Task An_unscheduled_sweep_degrades_readiness_until_it_is_scheduled_again()
    {
        var manager = f.Host.Services.GetRequiredService<IRecurringJobManager>();
        manager.RemoveIfExists(DeadlineSweep.JobName);
        try
        {
            var (status, check) = await UntilAsync("degraded", "an unscheduled sweep reported");
            Assert.Equal(HttpStatusCode.OK, status); // degraded, not unready: the other sweeps still run
            Assert.Contains("deadlines is not scheduled", check.GetProperty("description").GetString());
        }
        finally
        {
            AtencionJobs.Schedule(manager, f.Host.Services.GetRequiredService<JobStorage>(), f.Host.Services.GetRequiredService<JobSettings>());
        }
        await UntilAsync("healthy", "healthy again once scheduled");
    }

    [Fact]
    public async Task A_failing_sweep_degrades_readiness_with_its_error_and_counts_as_a_failed_job_until_a_run_succeeds()
    {
        f.Sweep.Failure = "the turns table is locked";
        try
        {
            var (_, check) = await UntilAsync("degraded", "a failing sweep reported");
            Assert.Contains("turn-expiry's last run failed: the turns table is locked", check.GetProperty("description").GetString());
            var sweep = check.GetProperty("data").GetProperty("sweep:turn-expiry");
            Assert.Equal("failed", sweep.GetProperty("lastJobState").GetString());
            Assert.Equal("the turns table is locked", sweep.GetProperty("lastError").GetString());
            var (_, hangfire) = await ReadyAsync("hangfire");
            Assert.True(hangfire.GetProperty("data").GetProperty("failedJobs").GetInt64() > 0);
        }
        finally
        {
            f.Sweep.Failure = null;
        }
        await UntilAsync("healthy", "healthy after a run succeeds");
    }

    [Fact]
    public async Task A_sweep_stuck_past_its_interval_two_more_and_five_seconds_is_reported_overdue_and_later_firings_skip()
    {
        f.Sweep.Hang();
        try
        {
            var (_, check) = await UntilAsync("degraded", "a stuck sweep reported overdue");
            Assert.Matches(@"turn-expiry is \d+ s overdue: a run started \d+ s ago is still going", check.GetProperty("description").GetString());
            Assert.Equal(JsonValueKind.String, check.GetProperty("data").GetProperty("sweep:turn-expiry").GetProperty("runningSince").ValueKind);
            // Meanwhile the firings go on and skip: no run finishes, yet the recurring job keeps firing.
            var runs = f.Host.Services.GetRequiredService<JobRuns>();
            var finished = runs.Count(TurnExpirySweep.JobName);
            var fired = check.GetProperty("data").GetProperty("sweep:turn-expiry").GetProperty("lastExecution").GetDateTimeOffset();
            await Task.Delay(TimeSpan.FromSeconds(3));
            var (_, later) = await ReadyAsync();
            Assert.True(later.GetProperty("data").GetProperty("sweep:turn-expiry").GetProperty("lastExecution").GetDateTimeOffset() > fired);
            Assert.Equal(finished, runs.Count(TurnExpirySweep.JobName));
        }
        finally
        {
            f.Sweep.Release();
        }
        await UntilAsync("healthy", "healthy once the stuck run ends");
    }

    [Fact]
    public async Task A_server_removed_from_the_storage_is_reported_until_it_announces_itself_again()
    {
        await UntilAsync("healthy", "the hangfire check healthy", "hangfire");
        // What another server does to one whose heartbeat it has not seen for the server timeout.
        await using (var conn = new Npgsql.NpgsqlConnection(f.Db.AdminConnectionString))
        {
            await conn.OpenAsync();
            await using var remove = new Npgsql.NpgsqlCommand("delete from hangfire.server where id like $1", conn);
            remove.Parameters.AddWithValue(f.Host.Services.GetRequiredService<HangfireNode>().ServerName + ":%");
            Assert.Equal(1, await remove.ExecuteNonQueryAsync());
        }
        var (status, check) = await ReadyAsync("hangfire");
        Assert.Equal(HttpStatusCode.OK, status); // degraded: the node still serves the API
        Assert.Equal("degraded", check.GetProperty("status").GetString());
        Assert.Contains("not announced", check.GetProperty("description").GetString());
        Assert.DoesNotContain(check.GetProperty("data").GetProperty("servers").EnumerateArray(), s => s.GetProperty("thisNode").GetBoolean());
        // Its next heartbeat finds it gone and it announces itself again.
        await Sweeps.UntilAsync(() => ReadyAsync("hangfire"), r => r.Check.GetProperty("status").GetString() == "healthy", "the server back", seconds: 40);
    }
}
