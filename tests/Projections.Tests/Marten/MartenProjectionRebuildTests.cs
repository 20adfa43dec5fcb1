using Atencion.Domain.Turns;
using Atencion.Projections.Marten;
using Atencion.Projections.Turns;
using JasperFx;

namespace Atencion.Projections.Tests.Marten;

/// <summary>A rebuild through Marten of a projection run by the adapter replays into its shadow tables, which replace the live rows with the same rows; the watchdog restarts an agent Marten leaves stopped.</summary>
public sealed class MartenProjectionRebuildTests(MartenDaemonFixture f) : IClassFixture<MartenDaemonFixture>
{
    [Fact]
    public async Task A_rebuild_through_Marten_yields_the_same_rows_and_the_watchdog_resumes_the_projection()
    {
        for (var n = 1; n <= 6; n++)
            await f.TurnAsync(n, waitSeconds: 60 * n, serviceSeconds: n % 3 == 0 ? null : 30 * n, expiry: n % 3 == 0 ? TurnExpiryReason.NoShow : null);
        await f.CaughtUpAsync();
        var before = await f.TurnFactsAsync("proj_turn_facts");
        Assert.Equal(6, before.Count);

        // Rows the events never made: a rebuild must not keep them (it empties the table first).
        var stray = Guid.NewGuid();
        await f.RowsAsync($"""
            insert into proj_turn_facts.turn_facts (tenant_id, turn_id, service, day, issued_at, version)
            values ('camara-facatativa', '{stray}', 'registro', '2026-03-02', now(), 1) returning 'x'
            """);

        // Marten's rebuild replays into the shadow tables, which then replace the live ones; the agent resumes.
        var source = f.Store.Options.AtencionSources().Single(s => s.Name == TurnFactsProjection.ProjectionName);
        await ProjectionRebuild.RunAsync(source, f.Daemon, f.AppDataSource, "atencion_es", CancellationToken.None);

        Assert.Equal(before, await f.TurnFactsAsync("proj_turn_facts"));
        Assert.Empty(await f.TurnFactsAsync("proj_turn_facts_next"));
        // Marten leaves the rebuilt agent stopped; the rebuild starts it again and new events flow.
        Assert.DoesNotContain(f.Daemon.CurrentAgents(), a => a.Status == AgentStatus.Stopped);

        var after = await f.TurnAsync(7, waitSeconds: 10, serviceSeconds: 10, expiry: null);
        await f.CaughtUpAsync();
        var rows = await f.TurnFactsAsync("proj_turn_facts");
        Assert.Equal(7, rows.Count);
        Assert.Contains(rows, r => r.Contains(after.ToString()));
        Assert.Equal(await f.TurnFactsAsync(MartenDaemonFixture.FailingSchema), rows);
    }
}
