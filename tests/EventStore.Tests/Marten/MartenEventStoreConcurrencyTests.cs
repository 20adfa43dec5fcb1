namespace Atencion.EventStore.Tests.Marten;

/// <summary>Concurrent writers on one stream through the Marten-backed store.</summary>
public sealed class MartenEventStoreConcurrencyTests(MartenFixture f) : IClassFixture<MartenFixture>
{
    private static readonly TenantId T = StoreOnMarten.Tenant;
    private static readonly EventMetadata Who = StoreOnMarten.Who;

    [Fact]
    public async Task Concurrent_writers_with_the_same_expected_version_never_overwrite_each_other()
    {
        var store = StoreOnMarten.Create(f);
        var id = Guid.NewGuid();
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("a")], Who);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            try
            {
                await store.AppendAsync(T, id, "case", ExpectedVersion.Exactly(1), [new Noted("w", i)], Who);
                return true;
            }
            catch (WrongExpectedVersionException) { return false; }
        }));

        Assert.Equal(1, outcomes.Count(ok => ok));
        Assert.Equal(2, (await store.ReadStreamAsync(T, id)).Count);
        Assert.Null(await f.VerifyAsync(T.Value, id));
    }

    [Fact]
    public async Task Retrying_writers_on_one_stream_lose_nothing_and_keep_the_chain()
    {
        var store = StoreOnMarten.Create(f);
        var id = Guid.NewGuid();
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("chat")], Who);
        const int writers = 8, each = 10;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var m = 0; m < each; m++)
                await store.InTransactionRetryingAsync(async (t, ct) =>
                {
                    var version = (await store.FetchStreamStateAsync(T, id, ct))!.Version;
                    return await t.AppendAsync(T, id, "case", ExpectedVersion.Exactly(version), [new Noted($"w{w}", m)], Who, ct);
                }, attempts: 200);
        })));

        var events = await store.ReadStreamAsync(T, id);
        Assert.Equal(1 + writers * each, events.Count);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(v => (long)v), events.Select(e => e.Version));
        foreach (var w in Enumerable.Range(0, writers))
            Assert.Equal(Enumerable.Range(0, each), events.Select(e => e.Data).OfType<Noted>().Where(n => n.Text == $"w{w}").Select(n => n.Number));
        Assert.Null(await f.VerifyAsync(T.Value, id));
    }

    [Fact]
    public async Task Writers_appending_at_any_version_lose_nothing_and_keep_the_chain()
    {
        var store = StoreOnMarten.Create(f);
        var id = Guid.NewGuid();
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("chat")], Who);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var m = 0; m < 10; m++)
                await store.AppendAsync(T, id, "case", ExpectedVersion.Any, [new Noted($"w{w}", m)], Who);
        })));

        Assert.Equal(81, (await store.ReadStreamAsync(T, id)).Count);
        Assert.Null(await f.VerifyAsync(T.Value, id));
    }
}
