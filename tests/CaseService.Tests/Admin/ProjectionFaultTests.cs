using System.Net;
using System.Net.Http.Json;
using Atencion.Projections.Daemon;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Atencion.CaseService.Tests.Admin;

/// <summary>The service with an extra projection that chokes on one event.</summary>
public sealed class PoisonFixture() : ServiceFixture(new Dictionary<string, string> { ["Projections:PollIntervalSeconds"] = "0.5" })
{
    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<PoisonProjection>();
        services.AddSingleton<IAsyncProjection>(sp => sp.GetRequiredService<PoisonProjection>());
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(Db.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }
}

public sealed class ProjectionFaultTests(PoisonFixture f) : IClassFixture<PoisonFixture>
{
    [Fact]
    public async Task A_projection_that_throws_stops_on_the_event_visibly_skips_nothing_and_resumes_after_a_fix_and_a_restart()
    {
        var daemon = f.Host.Services.GetRequiredService<ProjectionDaemon>();
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        foreach (var text in new[] { "Primera nota.", $"Nota con {PoisonProjection.Poison}.", "Nota posterior." })
            (await advisor.PostAsJsonAsync($"/api/{Api.Flori}/cases/{id}/notes", new { text })).EnsureSuccessStatusCode();
        var poisonSeq = await f.ScalarAsync($"select seq from atencion.events where data ->> 'text' like '%{PoisonProjection.Poison}%'");

        await StatusUntil(daemon, "poison_test", s => s.State == "faulted");

        var listed = (await (await f.As("platform", "operator", "ops").GetAsync("/api/admin/projections")).Body()).EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "poison_test");
        Assert.Equal("faulted", listed.GetProperty("state").GetString());
        Assert.Equal(poisonSeq, listed.GetProperty("errorSeq").GetInt64());
        Assert.Equal("NoteAdded", listed.GetProperty("errorEventType").GetString());
        Assert.Contains("cannot digest note", listed.GetProperty("lastError").GetString());
        Assert.Equal(2, listed.GetProperty("lagEvents").GetInt64()); // the poisoned note and the one after it
        // Everything before the poisoned event in feed order was applied, the event itself was not skipped.
        Assert.Equal(0, await f.ScalarAsync($"select count(*) from proj_poison_test.seen where seq >= {poisonSeq}"));
        Assert.Equal(await f.ScalarAsync($"select count(*) from atencion.events where seq < {poisonSeq}"), await f.ScalarAsync("select count(*) from proj_poison_test.seen"));

        var ready = await f.Anonymous().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var check = (await ready.Body()).GetProperty("checks").GetProperty("projections");
        Assert.Equal("unhealthy", check.GetProperty("status").GetString());
        Assert.Contains($"poison_test is faulted at event {poisonSeq}", check.GetProperty("description").GetString());

        // The other projections keep running.
        Assert.Equal("running", (await daemon.StatusAsync(default)).Single(s => s.Name == "case_search").State);
        await Assert.ThrowsAsync<InvalidOperationException>(() => daemon.WaitForNonStaleAsync(TimeSpan.FromSeconds(5), default));

        // The fix is deployed and the service restarted: the projection tries the event again and goes on.
        f.Host.Services.GetRequiredService<PoisonProjection>().Cured = true;
        await daemon.StopAsync(default);
        await daemon.StartAsync(default);
        await StatusUntil(daemon, "poison_test", s => s.State != "faulted");
        await f.ProjectionsCaughtUpAsync();
        Assert.Equal(await f.ScalarAsync("select count(*) from atencion.events"), await f.ScalarAsync("select count(*) from proj_poison_test.seen"));
        Assert.Equal(1, await f.ScalarAsync($"select count(*) from proj_poison_test.seen where seq = {poisonSeq}"));
        Assert.Equal("running", (await daemon.StatusAsync(default)).Single(s => s.Name == "poison_test").State);
        Assert.NotEqual(HttpStatusCode.ServiceUnavailable, (await f.Anonymous().GetAsync("/health/ready")).StatusCode);
    }

    internal static async Task<ProjectionStatus> StatusUntil(ProjectionDaemon daemon, string name, Func<ProjectionStatus, bool> done)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var status = (await daemon.StatusAsync(default)).Single(s => s.Name == name);
            if (done(status)) return status;
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"{name} stayed {status.State}");
            await Task.Delay(50);
        }
    }
}
