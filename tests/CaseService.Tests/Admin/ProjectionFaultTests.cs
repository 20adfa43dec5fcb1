using System.Net;
using Atencion.CaseService.Tests.Audit;
using Atencion.Projections.Daemon;
using Atencion.Projections.Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Atencion.CaseService.Tests.Admin;

/// <summary>The service with an extra projection that chokes on one event.</summary>
public sealed class PoisonFixture() : ServiceFixture(new Dictionary<string, string> { ["Projections:PollIntervalSeconds"] = "0.5" })
{
    /// <summary>Shared by every host of the fixture: the fix is deployed by curing it, then restarting the host.</summary>
    public PoisonProjection Poison { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IAsyncProjection>(Poison);

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
        var daemon = f.Host.Services.GetRequiredService<AsyncProjections>();
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        await advisor.GivenNote(id, "Primera nota.", Api.Flori);
        // Marten applies a batch, rows and progress, in one transaction: the events before the poisoned one are applied
        // by batches of their own, so that what stops on the poisoned event is that event, not a batch that holds it.
        await f.ProjectionsCaughtUpAsync();
        foreach (var text in new[] { $"Nota con {PoisonProjection.Poison}.", "Nota posterior." })
            await advisor.GivenNote(id, text, Api.Flori);
        var poisonSeq = await f.ScalarAsync($"select seq_id from atencion_es.mt_events where data ->> 'text' like '%{PoisonProjection.Poison}%'");

        await StatusUntil(daemon, "poison_test", s => s.State == "faulted");

        var listed = (await f.As("platform", "operator", "ops").Scenario(x => x.Get.Url("/api/admin/projections"))).Json().EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "poison_test");
        Assert.Equal("faulted", listed.GetProperty("state").GetString());
        Assert.Equal(poisonSeq, listed.GetProperty("errorSeq").GetInt64());
        Assert.Equal("NoteAdded", listed.GetProperty("errorEventType").GetString());
        Assert.Contains("cannot digest note", listed.GetProperty("lastError").GetString());
        Assert.Equal(2, listed.GetProperty("lagEvents").GetInt64()); // the poisoned note and the one after it
        // Everything before the poisoned event in feed order was applied, the event itself was not skipped.
        Assert.Equal(0, await f.ScalarAsync($"select count(*) from proj_poison_test.seen where seq >= {poisonSeq}"));
        Assert.Equal(await f.ScalarAsync($"select count(*) from atencion_es.mt_events where type <> 'tombstone' and seq_id < {poisonSeq}"), await f.ScalarAsync("select count(*) from proj_poison_test.seen"));

        var ready = await f.Anonymous().Scenario(x =>
        {
            x.Get.Url("/health/ready");
            x.StatusCodeShouldBe(HttpStatusCode.ServiceUnavailable);
        });
        var check = ready.Json().GetProperty("checks").GetProperty("projections");
        Assert.Equal("unhealthy", check.GetProperty("status").GetString());
        Assert.Contains($"poison_test is faulted at event {poisonSeq}", check.GetProperty("description").GetString());

        // The other projections keep running.
        Assert.Equal("running", (await daemon.StatusAsync(default)).Single(s => s.Name == "case_search").State);
        await Assert.ThrowsAsync<InvalidOperationException>(() => daemon.WaitForNonStaleAsync(TimeSpan.FromSeconds(5), default));

        // The fix is deployed and the service restarted: the projection tries the event again and goes on.
        f.Poison.Cured = true;
        await f.StopHostAsync();
        f.Replace(await f.NewHostAsync());
        daemon = f.Host.Services.GetRequiredService<AsyncProjections>();
        await StatusUntil(daemon, "poison_test", s => s.State != "faulted");
        await f.ProjectionsCaughtUpAsync();
        Assert.Equal(await f.ScalarAsync("select count(*) from atencion_es.mt_events where type <> 'tombstone'"), await f.ScalarAsync("select count(*) from proj_poison_test.seen"));
        Assert.Equal(1, await f.ScalarAsync($"select count(*) from proj_poison_test.seen where seq = {poisonSeq}"));
        Assert.Equal("running", (await daemon.StatusAsync(default)).Single(s => s.Name == "poison_test").State);
        var readyAgain = await f.Anonymous().Scenario(x => { x.Get.Url("/health/ready"); x.IgnoreStatusCode(); });
        Assert.NotEqual((int)HttpStatusCode.ServiceUnavailable, readyAgain.Status());
    }

    internal static async Task<ProjectionStatus> StatusUntil(AsyncProjections daemon, string name, Func<ProjectionStatus, bool> done)
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
