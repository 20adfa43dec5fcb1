using Marten;
using Marten.Services;

namespace Atencion.EventStore.Tests.Marten;

public sealed class RolledBackAppendTests(MartenFixture f) : IClassFixture<MartenFixture>
{
    [Fact]
    public async Task An_append_rolled_back_with_our_transaction_leaves_no_event_and_no_hash()
    {
        var id = Guid.NewGuid();
        await using (var conn = await f.AppSource.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var options = SessionOptions.ForTransaction(tx);
            options.TenantId = "tenant-a";
            await using var session = f.Store.LightweightSession(options);
            session.Events.StartStream(id, new Opened("never"), new Noted("n", 1));
            await session.SaveChangesAsync();
            await tx.RollbackAsync();
        }

        Assert.Equal(0, await f.ScalarAsync<long>($"select count(*) from atencion_es.mt_events where stream_id = '{id}'"));
        Assert.Equal(0, await f.ScalarAsync<long>($"select count(*) from atencion_es.event_hashes where stream_id = '{id}'"));
        Assert.Equal(0, await f.ScalarAsync<long>($"select count(*) from atencion_es.stream_heads where stream_id = '{id}'"));
    }

    [Fact]
    public async Task A_refused_append_leaves_the_chain_where_it_was()
    {
        var id = await f.StartAsync("tenant-a", notes: 1);

        await using (var session = f.Store.LightweightSession("tenant-a"))
        {
            session.Events.Append(id, 9, new Noted("stale", 2));
            await Assert.ThrowsAnyAsync<JasperFx.ConcurrencyException>(() => session.SaveChangesAsync());
        }

        Assert.Equal(2, await f.ScalarAsync<long>($"select count(*) from atencion_es.event_hashes where stream_id = '{id}'"));
        Assert.Null(await f.VerifyAsync("tenant-a", id));
    }
}
