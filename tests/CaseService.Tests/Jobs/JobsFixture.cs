using Atencion.CaseService.Jobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Jobs;

/// <summary>The service with its Hangfire server running (PostgreSQL storage), every sweep each second (the finest a cron of seconds allows) so tests wait little.</summary>
public class JobsFixture : ServiceFixture
{
    public JobsFixture() : this(new Dictionary<string, string>()) { }

    /// <summary>The same, with more settings (or other intervals) on top.</summary>
    protected JobsFixture(IReadOnlyDictionary<string, string> extra) : base(With(extra)) { }

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string> extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["Jobs:Enabled"] = "true",
            ["Jobs:IdleChatsSeconds"] = "1",
            ["Jobs:DeadlinesSeconds"] = "1",
            ["Jobs:PresenceSeconds"] = "1",
        };
        foreach (var (key, value) in extra) settings[key] = value;
        return settings;
    }
}

/// <summary>Waiting for the scheduler: whole runs of a sweep, and conditions the sweeps bring about.</summary>
public static class Sweeps
{
    /// <summary>Waits until a sweep has finished <paramref name="runs"/> more runs on this host (the first may have started before the call, so ask for 2 to see a run that started after it).</summary>
    public static async Task RunsAsync(this IHost host, string sweep, int runs = 2)
    {
        var jobRuns = host.Services.GetRequiredService<JobRuns>();
        var target = jobRuns.Count(sweep) + runs;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (jobRuns.Count(sweep) < target)
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"the {sweep} sweep did not run {runs} more times within 30 s; runs: {string.Join("; ", jobRuns.All)}");
            await Task.Delay(50);
        }
    }

    /// <summary>The case's warnings and breaches in order, each with the due date it was for.</summary>
    public static async Task<List<(string Type, DateOnly Due)>> DeadlineEventsAsync(this ServiceFixture f, Guid id)
    {
        await using var conn = new Npgsql.NpgsqlConnection(f.Db.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("""
            select type, (data ->> 'dueDate')::date from atencion_es.mt_events
            where stream_id = $1 and type in ('DeadlineWarningRaised', 'DeadlineBreached') order by version
            """, conn);
        cmd.Parameters.AddWithValue(id);
        var list = new List<(string, DateOnly)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add((r.GetString(0), r.GetFieldValue<DateOnly>(1)));
        return list;
    }

    /// <summary>Waits (real time, bounded) until a condition holds; the scheduler acts on its own.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            Assert.True(DateTime.UtcNow < deadline, $"not within {seconds} s: {what}");
            await Task.Delay(50);
        }
    }
}
