using Atencion.EventStore.Reading;

namespace Atencion.EventStore.Tests;

public sealed class AppendTests(StoreFixture f) : IClassFixture<StoreFixture>
{
    private static readonly TenantId T = StoreFixture.Tenant;

    [Fact]
    public async Task Appended_events_are_read_back_in_order_with_versions_payload_and_metadata()
    {
        var store = f.Store();
        var id = Guid.NewGuid();
        var result = await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream,
            [new Opened("Luz"), new Noted("primera", 1), new Noted("segunda", 2)], StoreFixture.Who);

        Assert.Equal(3, result.Version);
        var events = await store.ReadStreamAsync(T, id);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Version));
        Assert.Equal(new Opened("Luz"), events[0].Data);
        Assert.Equal(new Noted("segunda", 2), events[2].Data);
        Assert.All(events, e => Assert.Equal(StoreFixture.Who, e.Metadata));
        Assert.All(events, e => Assert.Equal(f.Time.GetUtcNow(), e.RecordedAt));
        Assert.Equal(["Opened", "Noted", "Noted"], events.Select(e => e.EventType));
        Assert.True(events[0].Seq < events[1].Seq && events[1].Seq < events[2].Seq);
        Assert.Equal(result.Events.Select(e => e.Seq), events.Select(e => e.Seq));
    }

    [Fact]
    public async Task Appending_with_the_expected_version_continues_the_stream()
    {
        var store = f.Store();
        var id = Guid.NewGuid();
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("a")], StoreFixture.Who);
        var second = await store.AppendAsync(T, id, "case", ExpectedVersion.Exactly(1), [new Noted("b", 1)], StoreFixture.Who);
        var third = await store.AppendAsync(T, id, "case", ExpectedVersion.Any, [new Noted("c", 2)], StoreFixture.Who);

        Assert.Equal(2, second.Version);
        Assert.Equal(3, third.Version);
        Assert.Equal(3, (await store.FetchStreamStateAsync(T, id))!.Version);
    }

    [Fact]
    public async Task A_stale_expected_version_is_a_typed_conflict_and_appends_nothing()
    {
        var store = f.Store();
        var id = Guid.NewGuid();
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("a"), new Noted("b", 1)], StoreFixture.Who);

        var conflict = await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            store.AppendAsync(T, id, "case", ExpectedVersion.Exactly(1), [new Noted("late", 9)], StoreFixture.Who));

        Assert.Equal(2, conflict.Actual);
        Assert.Equal(ExpectedVersion.Exactly(1), conflict.Expected);
        Assert.Equal(2, (await store.ReadStreamAsync(T, id)).Count);
    }

    [Fact]
    public async Task Creating_a_stream_that_exists_is_a_conflict()
    {
        var store = f.Store();
        var id = Guid.NewGuid();
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("a")], StoreFixture.Who);

        var conflict = await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("again")], StoreFixture.Who));
        Assert.Equal(1, conflict.Actual);
    }

    [Fact]
    public async Task Expecting_a_version_of_a_missing_stream_is_a_conflict_naming_no_stream()
    {
        var store = f.Store();
        var conflict = await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            store.AppendAsync(T, Guid.NewGuid(), "case", ExpectedVersion.Exactly(3), [new Noted("x", 1)], StoreFixture.Who));
        Assert.Null(conflict.Actual);
    }

    [Fact]
    public async Task Concurrent_writers_with_the_same_expected_version_never_overwrite_each_other()
    {
        var store = f.Store();
        var id = Guid.NewGuid();
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("a")], StoreFixture.Who);

        var attempts = Enumerable.Range(0, 10).Select(async i =>
        {
            try
            {
                await store.AppendAsync(T, id, "case", ExpectedVersion.Exactly(1), [new Noted("w", i)], StoreFixture.Who);
                return true;
            }
            catch (WrongExpectedVersionException) { return false; }
        });
        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, outcomes.Count(ok => ok));
        Assert.Equal(2, (await store.ReadStreamAsync(T, id)).Count);
    }

    [Fact]
    public async Task The_same_stream_id_in_two_tenants_is_two_streams()
    {
        var store = f.Store();
        var id = Guid.NewGuid();
        var other = new TenantId("tenant-b");
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("mine")], StoreFixture.Who);
        await store.AppendAsync(other, id, "case", ExpectedVersion.NoStream, [new Opened("theirs")], StoreFixture.Who);

        Assert.Equal(new Opened("mine"), (await store.ReadStreamAsync(T, id)).Single().Data);
        Assert.Equal(new Opened("theirs"), (await store.ReadStreamAsync(other, id)).Single().Data);
        Assert.Empty(await store.ReadStreamAsync(new TenantId("tenant-c"), id));
    }

    [Fact]
    public async Task A_stream_folds_to_its_state_at_any_version_or_instant()
    {
        var store = f.Store();
        var id = Guid.NewGuid();
        var t0 = f.Time.GetUtcNow();
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("a"), new Noted("n1", 1)], StoreFixture.Who);
        f.Time.Advance(TimeSpan.FromHours(1));
        await store.AppendAsync(T, id, "case", ExpectedVersion.Exactly(2), [new Noted("n2", 2)], StoreFixture.Who);
        f.Time.Advance(TimeSpan.FromHours(1));
        await store.AppendAsync(T, id, "case", ExpectedVersion.Exactly(3), [new Noted("n3", 3)], StoreFixture.Who);

        static int Sum(object? _, RecordedEvent e) => e.Data is Noted n ? n.Number : 0;
        async Task<int?> NotesSum(StreamReadOptions read) =>
            (await store.AggregateAsync(T, id, e => new int[] { Sum(null, e) }, (s, e) => [s[0] + Sum(null, e)], read))?[0];

        Assert.Equal(6, await NotesSum(StreamReadOptions.All));
        Assert.Equal(1, await NotesSum(new StreamReadOptions(ToVersion: 2)));
        Assert.Equal(3, await NotesSum(new StreamReadOptions(Until: t0.AddMinutes(90))));
        Assert.Equal(1, await NotesSum(new StreamReadOptions(Until: t0)));
        Assert.Null(await NotesSum(new StreamReadOptions(Until: t0.AddSeconds(-1))));
        Assert.Equal([3L, 4L], (await store.ReadStreamAsync(T, id, new StreamReadOptions(FromVersion: 3))).Select(e => e.Version));
    }
}
