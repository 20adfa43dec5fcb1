using Atencion.EventStore.Reading;

namespace Atencion.EventStore.Tests;

/// <summary>What Marten/MartenEventStoreAppendTests, on the real clock, leaves out: the store stamps events with its injected clock.</summary>
public sealed class AppendTests(StoreFixture f) : IClassFixture<StoreFixture>
{
    private static readonly TenantId T = StoreFixture.Tenant;

    [Fact]
    public async Task Events_are_recorded_at_the_stores_clock_and_a_stream_folds_to_its_state_at_any_instant_of_it()
    {
        var store = f.Store();
        var id = Guid.NewGuid();
        var t0 = f.Time.GetUtcNow();
        var first = await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("a"), new Noted("n1", 1)], StoreFixture.Who);
        f.Time.Advance(TimeSpan.FromHours(1));
        await store.AppendAsync(T, id, "case", ExpectedVersion.Exactly(2), [new Noted("n2", 2)], StoreFixture.Who);
        f.Time.Advance(TimeSpan.FromHours(1));
        await store.AppendAsync(T, id, "case", ExpectedVersion.Exactly(3), [new Noted("n3", 3)], StoreFixture.Who);

        Assert.All(first.Events, e => Assert.Equal(t0, e.RecordedAt));
        Assert.Equal([t0, t0, t0.AddHours(1), t0.AddHours(2)], (await store.ReadStreamAsync(T, id)).Select(e => e.RecordedAt));

        static int Sum(RecordedEvent e) => e.Data is Noted n ? n.Number : 0;
        async Task<int?> NotesSum(StreamReadOptions read) =>
            (await store.AggregateAsync(T, id, e => new[] { Sum(e) }, (s, e) => [s[0] + Sum(e)], read))?[0];

        Assert.Equal(6, await NotesSum(StreamReadOptions.All));
        Assert.Equal(3, await NotesSum(new StreamReadOptions(Until: t0.AddMinutes(90))));
        Assert.Equal(1, await NotesSum(new StreamReadOptions(Until: t0)));
        Assert.Null(await NotesSum(new StreamReadOptions(Until: t0.AddSeconds(-1))));
    }
}
