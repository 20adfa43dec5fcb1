using Atencion.EventStore.Reading;

namespace Atencion.EventStore.Tests;

/// <summary>
/// Readers of the whole log (Marten's daemon: the async projections and each node's hub feed) take it in sequence order, so a
/// stream's events must be in version order there: neither a transaction that wrote something first and appended later nor
/// a writer that waited for another may put its version before an earlier one.
/// </summary>
public sealed class StreamOrderInLogTests(StoreFixture f) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task An_older_transaction_appending_after_a_younger_one_takes_the_later_sequence_numbers()
    {
        var store = f.Store();
        var tenant = new TenantId("feed-order");
        var stream = Guid.NewGuid();
        await store.AppendAsync(tenant, stream, "case", ExpectedVersion.NoStream, [new Opened("uno")], StoreFixture.Who);

        var older = new TaskCompletionSource();
        var younger = new TaskCompletionSource();
        var first = store.InTransactionAsync(async (t, ct) =>
        {
            // A first write takes this transaction's id now, before the other one appends.
            await using (var write = t.Command("select pg_current_xact_id()")) await write.ExecuteScalarAsync(ct);
            older.SetResult();
            await younger.Task;
            return await t.AppendAsync(tenant, stream, "case", ExpectedVersion.Exactly(2), [new Noted("tarde", 3)], StoreFixture.Who, ct);
        });
        await older.Task;
        await store.AppendAsync(tenant, stream, "case", ExpectedVersion.Exactly(1), [new Noted("pronto", 2)], StoreFixture.Who);
        younger.SetResult();

        // Its transaction is older than the last append's, but the log is read by sequence, which it takes when it appends.
        var appended = await first;
        Assert.Equal(3, appended.Version);
        Assert.True(appended.Events[0].TxId < (await store.ReadStreamAsync(tenant, stream))[1].TxId);
        Assert.Equal([1L, 2L, 3L], await VersionsInSequenceOrder(stream));
    }

    [Fact]
    public async Task Writers_racing_at_any_version_on_one_stream_appear_in_the_log_in_version_order()
    {
        var store = f.Store();
        var tenant = new TenantId("feed-race");
        var stream = Guid.NewGuid();
        await store.AppendAsync(tenant, stream, "case", ExpectedVersion.NoStream, [new Opened("chat")], StoreFixture.Who);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var m = 0; m < 10; m++)
                await store.AppendAsync(tenant, stream, "case", ExpectedVersion.Any, [new Noted($"w{w}", m)], StoreFixture.Who);
        })));

        Assert.Equal(Enumerable.Range(1, 81).Select(v => (long)v), await VersionsInSequenceOrder(stream));
    }

    // Every append has returned: the log is read whole, as the daemon reads it (by seq_id).
    private async Task<List<long>> VersionsInSequenceOrder(Guid stream) =>
        [.. (await LogReader.ReadAsync(f.AppSource, f.Types, 0, 1_000_000)).Where(e => e.StreamId == stream).Select(e => e.Version)];
}
