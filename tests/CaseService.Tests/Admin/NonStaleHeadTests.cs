using Atencion.EventStore.Marten.Store;
using Atencion.CaseService.Tests.Simulation;
using Atencion.Domain.Cases;
using Atencion.EventStore;
using Atencion.Projections;
using Atencion.Projections.Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Atencion.CaseService.Tests.Admin;

public sealed class NonStaleHeadTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task Waiting_for_non_stale_projections_waits_for_the_newest_event_when_transaction_ids_cross_a_power_of_ten()
    {
        // Regression (the flaky RebuildEquivalenceTests): the head was found by ordering tx_id's text, so once the log held
        // "99990" and "100002" the wait took the older event for the head and returned before the newer one was applied.
        var services = f.Host.Services;
        var daemon = services.GetRequiredService<AsyncProjections>();
        await using var fast = CaseSimulation.FastDataSource(f.Db.AppConnectionString);
        var store = CaseSimulation.FastStore(fast, services.GetRequiredService<MartenEventStore>(), new FakeTimeProvider(ServiceFixture.Start));

        // Approach the next power of ten in halving steps: other tests consume transaction ids meanwhile.
        ulong boundary;
        while (true)
        {
            var current = await CurrentXidAsync();
            boundary = (ulong)Math.Pow(10, Math.Floor(Math.Log10(current)) + 1);
            var gap = boundary - current;
            Assert.True(gap < 5_000_000, $"transaction ids are at {current}: this test expects the fresh cluster that ops/test starts");
            if (gap <= 1_000) break;
            await BurnXidsAsync(gap / 2);
        }
        var before = await OpenCaseAsync(store);
        Assert.True(before.TxId < boundary, $"the first case was appended in transaction {before.TxId}, past {boundary}");
        await daemon.WaitForNonStaleAsync(TimeSpan.FromSeconds(30), default);

        // With the daemon stopped, nothing applies the next event, whose transaction id has one digit more.
        await daemon.PauseAsync();
        var now = await CurrentXidAsync();
        if (now <= boundary) await BurnXidsAsync(boundary - now + 1);
        var after = await OpenCaseAsync(store);
        Assert.True(after.TxId >= boundary);
        var stale = await Assert.ThrowsAsync<TimeoutException>(() => daemon.WaitForNonStaleAsync(TimeSpan.FromSeconds(1), default));
        Assert.Contains($"behind seq {after.Seq}", stale.Message);
        Assert.Contains("case_facts (at ", stale.Message);

        // Running again, the daemon applies it and the wait returns.
        await daemon.ResumeAsync();
        await daemon.WaitForNonStaleAsync(TimeSpan.FromSeconds(30), default);
        Assert.All(await daemon.StatusAsync(default), s => Assert.Equal(after.Seq, s.CheckpointSeq));
    }

    private static async Task<RecordedEvent> OpenCaseAsync(MartenEventStore store)
    {
        var id = Guid.NewGuid();
        var opened = new CaseOpened(id, Channel.Web, "Solicitud", "Solicito información.", ServiceFixture.Start);
        var result = await store.AppendAsync(new TenantId(CaseSimulation.Tenants[0]), id, EventCatalog.CaseStream, ExpectedVersion.NoStream,
            [opened], new EventMetadata("citizen", "citizen", null, "test", Guid.NewGuid()));
        return result.Events.Single();
    }

    private async Task<ulong> CurrentXidAsync()
    {
        await using var conn = new NpgsqlConnection(f.Db.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select pg_current_xact_id()::text", conn);
        return ulong.Parse((string)(await cmd.ExecuteScalarAsync())!);
    }

    /// <summary>Consumes transaction ids quickly: each block with an exception handler is a subtransaction that writes.</summary>
    /// <remarks>In short transactions: a long one would hold the cluster-wide feed horizon back for the other test assemblies.</remarks>
    private async Task BurnXidsAsync(ulong count)
    {
        for (var left = count; left > 0;)
        {
            var chunk = Math.Min(left, 50_000UL);
            await f.Db.ExecAsAdminAsync($"""
                create temp table if not exists burn (x int);
                do $$ begin
                    for i in 1..{chunk} loop
                        begin insert into burn values (1); exception when others then null; end;
                    end loop;
                end $$;
                """);
            left -= chunk;
        }
    }
}
