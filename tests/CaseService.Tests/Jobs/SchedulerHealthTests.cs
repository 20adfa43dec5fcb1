using System.Net;
using System.Text.Json;
using Atencion.CaseService.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

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

/// <summary>The scheduler running, with the turn-expiry sweep replaced by one the test controls and every sweep fast.</summary>
public sealed class SchedulerHealthFixture() : JobsFixture(new Dictionary<string, string> { ["Jobs:TurnsSeconds"] = "0.3" })
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

    public Task<IScheduler> SchedulerAsync() =>
        Host.Services.GetRequiredKeyedService<ISchedulerFactory>(AtencionJobs.SchedulerName).LookupScheduler(AtencionJobs.SchedulerName).AsTask().ContinueWith(t => t.Result!);
}

/// <summary>/health/ready reports the scheduler: running on schedule, a sweep paused, failing or stuck, the scheduler stopped.</summary>
public sealed class SchedulerHealthTests(SchedulerHealthFixture f) : IClassFixture<SchedulerHealthFixture>
{
    private async Task<(HttpStatusCode Status, JsonElement Check)> ReadyAsync()
    {
        var response = await Ready();
        return ((HttpStatusCode)response.Status(), response.Json().GetProperty("checks").GetProperty("scheduler"));
    }

    /// <summary>/health/ready, whatever its status (503 when unready): the tests look at it afterwards.</summary>
    private Task<IScenarioResult> Ready(Action<Scenario>? expect = null) =>
        f.Anonymous().Scenario(x => { x.Get.Url("/health/ready"); (expect ?? (e => e.IgnoreStatusCode()))(x); });

    private Task<(HttpStatusCode Status, JsonElement Check)> UntilAsync(string status, string what) =>
        Sweeps.UntilAsync(ReadyAsync, r => r.Check.GetProperty("status").GetString() == status, what);

    [Fact]
    public async Task A_started_scheduler_with_every_sweep_on_schedule_is_healthy_and_shows_each_trigger()
    {
        await f.Host.RunsAsync(TurnExpirySweep.JobName);
        var (status, check) = await UntilAsync("healthy", "the scheduler healthy");
        Assert.Equal(HttpStatusCode.OK, status);
        var data = check.GetProperty("data");
        Assert.Equal("running", data.GetProperty("state").GetString());
        foreach (var sweep in new[] { DeadlineSweep.JobName, IdleChatSweep.JobName, PresenceSweep.JobName, TurnExpirySweep.JobName })
        {
            var s = data.GetProperty($"sweep:{sweep}");
            Assert.NotEqual(JsonValueKind.Null, s.GetProperty("nextFireAt").ValueKind);
            Assert.Contains(s.GetProperty("trigger").GetString(), new[] { "normal", "blocked", "executing" });
        }
    }

    [Fact]
    public async Task A_paused_sweep_degrades_readiness_until_it_is_resumed()
    {
        var scheduler = await f.SchedulerAsync();
        await scheduler.PauseTrigger(new TriggerKey(DeadlineSweep.JobName));
        try
        {
            var (status, check) = await UntilAsync("degraded", "a paused sweep reported");
            Assert.Equal(HttpStatusCode.OK, status); // degraded, not unready: the other sweeps still run
            Assert.Contains("deadlines is paused", check.GetProperty("description").GetString());
            Assert.Equal("paused", check.GetProperty("data").GetProperty("sweep:deadlines").GetProperty("trigger").GetString());
        }
        finally
        {
            await scheduler.ResumeTrigger(new TriggerKey(DeadlineSweep.JobName));
        }
        await UntilAsync("healthy", "healthy again once resumed");
    }

    [Fact]
    public async Task A_failing_sweep_degrades_readiness_with_its_error_until_a_run_succeeds()
    {
        f.Sweep.Failure = "the turns table is locked";
        try
        {
            var (_, check) = await UntilAsync("degraded", "a failing sweep reported");
            Assert.Contains("turn-expiry's last run here failed: the turns table is locked", check.GetProperty("description").GetString());
            Assert.Equal("the turns table is locked", check.GetProperty("data").GetProperty("sweep:turn-expiry").GetProperty("lastError").GetString());
        }
        finally
        {
            f.Sweep.Failure = null;
        }
        await UntilAsync("healthy", "healthy after a run succeeds");
    }

    [Fact]
    public async Task A_sweep_stuck_past_two_intervals_and_five_seconds_is_reported_overdue()
    {
        f.Sweep.Hang();
        try
        {
            var (_, check) = await UntilAsync("degraded", "a stuck sweep reported overdue");
            Assert.Matches(@"turn-expiry is \d+ s overdue", check.GetProperty("description").GetString());
        }
        finally
        {
            f.Sweep.Release();
        }
        await UntilAsync("healthy", "healthy once the stuck run ends");
    }

    [Fact]
    public async Task A_scheduler_in_standby_is_reported_by_both_checks_and_recovers_when_started()
    {
        var scheduler = await f.SchedulerAsync();
        await scheduler.Standby();
        try
        {
            // Standby is deliberate and reversible, and the node still serves HTTP: degraded, not unready.
            var checks = (await Ready(x => x.StatusCodeShouldBeOk())).Json().GetProperty("checks");
            Assert.Equal("degraded", checks.GetProperty("quartz").GetProperty("status").GetString());
            var sweeps = checks.GetProperty("scheduler");
            Assert.Equal("degraded", sweeps.GetProperty("status").GetString());
            Assert.Equal("standby", sweeps.GetProperty("data").GetProperty("state").GetString());
        }
        finally
        {
            await scheduler.Start();
        }
        await UntilAsync("healthy", "healthy once started again");
        await Sweeps.UntilAsync(async () => (await Ready()).Json().GetProperty("checks").GetProperty("quartz").GetProperty("status").GetString(),
            s => s == "healthy", "Quartz's check healthy once started again");
    }

    [Fact]
    public async Task Quartz_reports_the_running_scheduler_and_its_store_as_healthy()
    {
        var check = await Sweeps.UntilAsync(async () => (await Ready()).Json().GetProperty("checks").GetProperty("quartz"),
            c => c.GetProperty("status").GetString() == "healthy", "Quartz's check healthy");
        Assert.False(string.IsNullOrEmpty(check.GetProperty("description").GetString()));
    }
}
