using Atencion.CaseService.Hosting;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Hangfire.Storage;

namespace Atencion.CaseService.Jobs;

/// <summary>Registers the scheduled sweeps as Hangfire recurring jobs on its PostgreSQL storage (schema <c>hangfire</c>).</summary>
/// <remarks>
/// <para>Each sweep is one recurring job with a cron expression of seconds; every node that runs jobs runs a Hangfire
/// server on the shared storage, and each firing is enqueued once and taken by one worker of one server. A firing that
/// finds the sweep still running elsewhere skips (<see cref="SweepJob"/>).</para>
/// <para>What falls due is not a Hangfire job per case: it is read from the log's state at each firing. A per-case job
/// would be scheduled in Hangfire's own transaction, apart from the append that causes it, so a crash between the two
/// would lose a deadline; reading the state cannot miss one, and after a restart the first firing handles everything
/// that fell due meanwhile.</para>
/// <para>Hangfire runs on the real clock (it only decides when to look; it reads <c>DateTime.UtcNow</c> and takes no
/// <see cref="TimeProvider"/>). Whether something is due is judged by the service's <see cref="TimeProvider"/>, which
/// tests replace to fast-forward deadlines and silences.</para>
/// <para>The storage and the job activator are this host's own services rather than Hangfire's static
/// <c>JobStorage.Current</c>/<c>JobActivator.Current</c>, so that several hosts in one process (the tests' nodes) each run
/// their sweeps on their own database and services; Hangfire's static log provider survives a host's disposal
/// (<see cref="HangfireLogs"/>).</para>
/// </remarks>
public static class AtencionJobs
{
    /// <summary>How often a server looks for recurring jobs due: the idle chats' precision (prompt and close ≤ 5 s late) rests on it.</summary>
    public static readonly TimeSpan SchedulePollingInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long a finished sweep job stays in the storage (and the dashboard's lists): an idle-chat sweep fires 3600 times an hour.</summary>
    public static readonly TimeSpan JobExpiration = TimeSpan.FromHours(1);

    /// <summary>Adds the sweeps, Hangfire's storage (always: the dashboard and readiness read it) and, when <see cref="JobSettings.Enabled"/>, a Hangfire server.</summary>
    public static IServiceCollection AddAtencionJobs(this IServiceCollection services, IConfiguration config)
    {
        var settings = JobSettings.From(config);
        services.AddSingleton(settings);
        services.AddSingleton<JobRuns>();
        services.AddSingleton<DeadlineSweep>();
        services.AddSingleton<IdleChatSweep>();
        services.AddSingleton<PresenceSweep>();
        services.AddSingleton<ISweep>(sp => sp.GetRequiredService<DeadlineSweep>());
        services.AddSingleton<ISweep>(sp => sp.GetRequiredService<IdleChatSweep>());
        services.AddSingleton<ISweep>(sp => sp.GetRequiredService<PresenceSweep>());
        services.AddSingleton<ISweep, TurnExpirySweep>();
        services.AddTransient<SweepJob>();
        services.AddSingleton(HangfireNode.Create());

        // Registered before AddHangfire, whose TryAdd would otherwise hand out the process-wide statics.
        services.AddSingleton<JobStorage>(sp => Storage(sp.GetRequiredService<DatabaseSettings>().App));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, c) => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogs(sp.GetRequiredService<ILoggerFactory>())));
        services.AddHealthChecks()
            .AddCheck<HangfireHealthCheck>("hangfire", tags: ["ready"])
            .AddCheck<SchedulerHealthCheck>("scheduler", tags: ["ready"]);
        if (!settings.Enabled) return services;

        // Hosted services start in order: the migrations (which install the schema), the recurring jobs, then the server.
        services.AddHostedService<SweepSchedule>();
        services.AddHangfireServer((sp, o) =>
        {
            o.ServerName = sp.GetRequiredService<HangfireNode>().ServerName;
            o.HeartbeatInterval = HangfireNode.HeartbeatInterval;
            o.ServerTimeout = HangfireNode.ServerTimeout;
            o.ServerCheckInterval = TimeSpan.FromSeconds(30);
            o.SchedulePollingInterval = SchedulePollingInterval;
            o.WorkerCount = settings.Workers;
            o.Activator = sp.GetRequiredService<JobActivator>();
        });
        return services;
    }

    /// <summary>Hangfire's PostgreSQL storage on the service's role: it never creates or alters the schema (<see cref="HangfireSchema"/> does, as the owner).</summary>
    public static PostgreSqlStorage Storage(string connectionString) =>
        new(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connectionString, StorageOptions()), StorageOptions());

    /// <summary>The storage's options (shared with ops/Bench).</summary>
    public static PostgreSqlStorageOptions StorageOptions() => new()
    {
        SchemaName = HangfireSchema.Schema,
        PrepareSchemaIfNecessary = false,
        // A fetched job whose server stops renewing it (killed mid-run) is requeued after this long; the sweep's later
        // firings do not wait for it (the advisory lock went with the dead connection).
        UseSlidingInvisibilityTimeout = true,
        InvisibilityTimeout = TimeSpan.FromMinutes(5),
        // A firing is enqueued by the server whose scheduler took it, which wakes its own idle workers at once; the
        // poll is for the other servers' workers.
        QueuePollInterval = TimeSpan.FromSeconds(1),
        JobExpirationCheckInterval = TimeSpan.FromMinutes(10),
    };

    /// <summary>Creates or updates each sweep's recurring job, and removes recurring jobs of sweeps that no longer exist.</summary>
    public static void Schedule(IRecurringJobManager manager, JobStorage storage, JobSettings settings)
    {
        foreach (var (name, interval) in settings.Intervals)
            manager.AddOrUpdate<SweepJob>(name, j => j.RunAsync(name, CancellationToken.None), JobSettings.Cron(interval)!,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc, MisfireHandling = MisfireHandlingMode.Relaxed });
        using var connection = storage.GetConnection();
        foreach (var job in connection.GetRecurringJobs().Where(j => !settings.Intervals.ContainsKey(j.Id)))
            manager.RemoveIfExists(job.Id);
    }

    /// <summary>Writes the recurring jobs at start-up, after the migrations installed the schema and before the server starts.</summary>
    private sealed class SweepSchedule(IRecurringJobManager manager, JobStorage storage, JobSettings settings) : IHostedService
    {
        public Task StartAsync(CancellationToken ct) => Task.Run(() => Schedule(manager, storage, settings), ct);

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
