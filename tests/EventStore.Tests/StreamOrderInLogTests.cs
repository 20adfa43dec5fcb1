using Atencion.TestSupport;
using Npgsql;
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

    [Fact]
    public async Task A_writer_at_an_expected_version_waits_on_the_stream_and_loses_without_taking_a_sequence_number()
    {
        var store = f.Store();
        var tenant = new TenantId("feed-wait");
        var stream = Guid.NewGuid();
        await store.AppendAsync(tenant, stream, "case", ExpectedVersion.NoStream, [new Opened("uno")], StoreFixture.Who);

        var appended = new TaskCompletionSource<NpgsqlConnection>();
        var release = new TaskCompletionSource();
        var winner = store.InTransactionAsync(async (t, ct) =>
        {
            var result = await t.AppendAsync(tenant, stream, "case", ExpectedVersion.Exactly(1), [new Noted("primero", 2)], StoreFixture.Who, ct);
            appended.SetResult(t.Connection);
            await release.Task;
            return result;
        });
        var holder = await appended.Task;
        var loser = store.AppendAsync(tenant, stream, "case", ExpectedVersion.Exactly(1), [new Noted("segundo", 2)], StoreFixture.Who);
        // The loser waits on the stream's row (Marten's function reads the version FOR UPDATE) before its check and nextval.
        await LockWaits.UntilSomeoneWaitsOnAsync(holder);
        release.SetResult();

        var won = await winner;
        var refused = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => loser);
        Assert.Equal(2, refused.Actual);
        var next = await store.AppendAsync(tenant, stream, "case", ExpectedVersion.Exactly(2), [new Noted("tercero", 3)], StoreFixture.Who);
        // No hole in the sequence: a hole is what Marten's daemon must wait out (or skip) before it reads on.
        Assert.Equal(won.Events[0].Seq + 1, next.Events[0].Seq);
    }

    // Every append has returned: the log is read whole, as the daemon reads it (by seq_id).
    private async Task<List<long>> VersionsInSequenceOrder(Guid stream) =>
        [.. (await LogReader.ReadAsync(f.AppSource, f.Types, 0, 1_000_000)).Where(e => e.StreamId == stream).Select(e => e.Version)];
}
