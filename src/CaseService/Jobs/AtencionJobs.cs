using Atencion.CaseService.Hosting;
using Quartz;

namespace Atencion.CaseService.Jobs;

/// <summary>Registers the scheduled sweeps on Quartz with its clustered PostgreSQL job store.</summary>
/// <remarks>
/// <para>Each sweep is one durable job with a repeating trigger; the store is clustered, so each firing runs on one node,
/// and <see cref="DisallowConcurrentExecutionAttribute"/> keeps two firings of one sweep from overlapping.</para>
/// <para>What falls due is not a Quartz trigger per case: it is read from the log's state at each firing. A per-case
/// trigger would be scheduled in Quartz's own transaction, apart from the append that causes it, so a crash between
/// the two would lose a deadline; reading the state cannot miss one, and after a restart the first firing handles
/// everything that fell due meanwhile.</para>
/// <para>Quartz runs on the real clock (it only decides when to look). Whether something is due is judged by the
/// service's <see cref="TimeProvider"/>, which tests replace to fast-forward deadlines and silences.</para>
/// </remarks>
public static class AtencionJobs
{
    /// <summary>The scheduler's name, shared by the cluster's nodes. A named scheduler's parts (job store, triggers) take the clock given to it, not the container's.</summary>
    public const string SchedulerName = "atencion";

    /// <summary>Adds the sweeps and, when <see cref="JobSettings.Enabled"/>, the clustered scheduler that runs them.</summary>
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
        services.AddHealthChecks().AddCheck<SchedulerHealthCheck>("scheduler", tags: ["ready"]);
        if (!settings.Enabled) return services;

        services.AddQuartz(SchedulerName, q =>
        {
            q.UseTimeProvider(TimeProvider.System);
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(DatabaseSettings.From(config).App);
                store.UseSystemTextJsonSerializer();
                store.ConfigureStore(o => o.TablePrefix = QuartzSchema.TablePrefix);
                store.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(5));
            });
            // Quartz's own check: unhealthy when shut down or the store is unreachable, degraded in standby, when this
            // node stops checking in to the cluster, or when due triggers stop leaving the queue.
            q.AddQuartzHealthChecks(o =>
            {
                o.Name = "quartz";
                o.Tags.Add("ready");
                o.StaleFiringTolerance = 3;
            });
            foreach (var (name, interval) in settings.Intervals)
            {
                var job = new JobKey(name);
                q.AddJob<SweepJob>(j => j.WithIdentity(job).StoreDurably().UsingJobData(SweepJob.SweepKey, name));
                q.AddTrigger(t => t.ForJob(job).WithIdentity(name).StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            }
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
