using System.Diagnostics;
using Atencion.CaseService.Tests.Lifecycle;
using Npgsql;

namespace Atencion.CaseService.Tests.Admin;

/// <summary>A host whose projection runners poll only once a minute: anything faster is the LISTEN/NOTIFY wake-up.</summary>
public sealed class SlowPollFixture() : ServiceFixture(new Dictionary<string, string> { ["Projections:PollIntervalSeconds"] = "60" });

/// <summary>
/// The daemon's LISTEN connection wakes the runners on each append. Every other test waits with
/// <c>WaitForNonStaleAsync</c>, which wakes the runners by hand; this one never does, and reads the tables directly.
/// </summary>
public sealed class ListenWakeUpTests(SlowPollFixture f) : IClassFixture<SlowPollFixture>
{
    private async Task<long> ScalarAsync(string sql, Guid? id = null)
    {
        await using var conn = new NpgsqlConnection(f.Db.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        if (id is { } g) cmd.Parameters.AddWithValue(g);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    /// <summary>Polls a condition on the database (real time, a few seconds at most).</summary>
    private static async Task<bool> WithinAsync(TimeSpan limit, Func<Task<bool>> condition)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            if (await condition()) return true;
            await Task.Delay(50);
        }
        return await condition();
    }

    [Fact]
    public async Task An_append_reaches_an_async_projection_within_seconds_though_the_poll_interval_is_a_minute()
    {
        var advisor = f.As(Api.Flori, "advisor", "operadora");
        // Setup only: the runners catch up with what the fixture wrote, then sleep up to a minute. An append that commits
        // while the daemon is still starting (the fixture's seeding) can find its LISTEN not yet open and wait for the
        // next poll, a minute here (1 s by default): the setup allows for that; what follows measures the wake-up.
        await f.ProjectionsCaughtUpAsync(TimeSpan.FromSeconds(75));
        await Task.Delay(200); // let the runner settle into its wait

        // Each append NOTIFYs. A read of the feed can find nothing while a transaction elsewhere in the cluster that began
        // before the append is still open (the feed is gap-free); the next append's NOTIFY then wakes the runner again. With the
        // LISTEN broken, no append wakes anyone for a minute.
        var watch = Stopwatch.StartNew();
        var cases = new List<Guid>();
        var seen = false;
        for (var attempt = 0; attempt < 3 && !seen; attempt++)
        {
            cases.Add(await advisor.CreateCase());
            seen = await WithinAsync(TimeSpan.FromSeconds(5), async () =>
                await ScalarAsync("select count(*) from proj_case_search.cases where case_id = $1", cases[^1]) == 1
                || await ScalarAsync("select count(*) from proj_case_search.cases where case_id = $1", cases[0]) == 1);
        }

        Assert.True(seen, $"no append reached case_search in {watch.Elapsed.TotalSeconds:0.#} s (poll interval 60 s): the LISTEN/NOTIFY wake-up is not working");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(16), $"took {watch.Elapsed.TotalSeconds:0.#} s");
    }
}
