using Atencion.EventStore.Reading;

namespace Atencion.EventStore.Tests.Marten;

/// <summary>Today's AppendTests against the Marten-backed store, under the serving role.</summary>
public sealed class MartenEventStoreAppendTests(MartenFixture f) : IClassFixture<MartenFixture>
{
    private static readonly TenantId T = StoreOnMarten.Tenant;
    private static readonly EventMetadata Who = StoreOnMarten.Who;

    [Fact]
    public async Task Appended_events_are_read_back_in_order_with_versions_payload_and_metadata()
    {
        var store = StoreOnMarten.Create(f);
        var id = Guid.NewGuid();
        var result = await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream,
            [new Opened("Luz"), new Noted("primera", 1), new Noted("segunda", 2)], Who);

        Assert.Equal(3, result.Version);
        var events = await store.ReadStreamAsync(T, id);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Version));
        Assert.Equal(new Opened("Luz"), events[0].Data);
        Assert.Equal(new Noted("segunda", 2), events[2].Data);
        Assert.All(events, e => Assert.Equal(Who, e.Metadata));
        Assert.Equal(["Opened", "case.noted", "case.noted"], events.Select(e => e.EventType));
        Assert.True(events[0].Seq < events[1].Seq && events[1].Seq < events[2].Seq);
        Assert.Equal(result.Events.Select(e => (e.Seq, e.Version, e.EventId, e.TxId, e.Json, e.RecordedAt)),
            events.Select(e => (e.Seq, e.Version, e.EventId, e.TxId, e.Json, e.RecordedAt)));
        Assert.Equal(result.Events.Select(e => Convert.ToHexString(e.Hash)), events.Select(e => Convert.ToHexString(e.Hash)));
        Assert.All(events, e => Assert.Equal(32, e.Hash.Length));
        Assert.Null(await f.VerifyAsync(T.Value, id));
    }

    [Fact]
    public async Task Metadata_without_optional_parts_round_trips()
    {
        var store = StoreOnMarten.Create(f);
        var id = Guid.NewGuid();
        var system = EventMetadata.System();

        await store.AppendAsync(T, id, "job", ExpectedVersion.NoStream, [new Opened("nightly")], system);

        Assert.Equal(system, (await store.ReadStreamAsync(T, id)).Single().Metadata);
    }

    [Fact]
    public async Task Appending_with_the_expected_version_continues_the_stream()
    {
        var store = StoreOnMarten.Create(f);
        var id = Guid.NewGuid();
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("a")], Who);
        var second = await store.AppendAsync(T, id, "case", ExpectedVersion.Exactly(1), [new Noted("b", 1), new Noted("b2", 2)], Who);
        var third = await store.AppendAsync(T, id, "case", ExpectedVersion.Any, [new Noted("c", 3)], Who);

        Assert.Equal(3, second.Version);
        Assert.Equal(4, third.Version);
        var state = await store.FetchStreamStateAsync(T, id);
        Assert.Equal((4L, "case", false), (state!.Version, state.StreamType, state.Archived));
        Assert.Null(await f.VerifyAsync(T.Value, id));
    }

    [Fact]
    public async Task Any_creates_a_missing_stream()
    {
        var store = StoreOnMarten.Create(f);
        var id = Guid.NewGuid();

        var result = await store.AppendAsync(T, id, "turn", ExpectedVersion.Any, [new Opened("a"), new Noted("b", 1)], Who);

        Assert.Equal(2, result.Version);
        Assert.Equal("turn", (await store.FetchStreamStateAsync(T, id))!.StreamType);
    }

    [Fact]
    public async Task A_stale_expected_version_is_a_typed_conflict_and_appends_nothing()
    {
        var store = StoreOnMarten.Create(f);
        var id = Guid.NewGuid();
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("a"), new Noted("b", 1)], Who);

        var conflict = await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            store.AppendAsync(T, id, "case", ExpectedVersion.Exactly(1), [new Noted("late", 9)], Who));

        Assert.Equal(2, conflict.Actual);
        Assert.Equal(ExpectedVersion.Exactly(1), conflict.Expected);
        Assert.Equal(2, (await store.ReadStreamAsync(T, id)).Count);
        Assert.Null(await f.VerifyAsync(T.Value, id));
    }

    [Fact]
    public async Task A_version_above_the_streams_is_a_conflict()
    {
        var store = StoreOnMarten.Create(f);
        var id = Guid.NewGuid();
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("a")], Who);

        var conflict = await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            store.AppendAsync(T, id, "case", ExpectedVersion.Exactly(5), [new Noted("ahead", 9)], Who));

        Assert.Equal(1, conflict.Actual);
    }

    [Fact]
    public async Task Creating_a_stream_that_exists_is_a_conflict()
    {
        var store = StoreOnMarten.Create(f);
        var id = Guid.NewGuid();
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("a")], Who);

        var conflict = await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("again")], Who));
        Assert.Equal(1, conflict.Actual);
    }

    [Fact]
    public async Task Expecting_a_version_of_a_missing_stream_is_a_conflict_naming_no_stream()
    {
        var store = StoreOnMarten.Create(f);
        var id = Guid.NewGuid();

        var conflict = await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            store.AppendAsync(T, id, "case", ExpectedVersion.Exactly(3), [new Noted("x", 1)], Who));

        Assert.Null(conflict.Actual);
        Assert.Null(await store.FetchStreamStateAsync(T, id));
    }

    [Fact]
    public async Task The_same_stream_id_in_two_tenants_is_two_streams()
    {
        var store = StoreOnMarten.Create(f);
        var id = Guid.NewGuid();
        var other = new TenantId("tenant-b");
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("mine")], Who);
        await store.AppendAsync(other, id, "case", ExpectedVersion.NoStream, [new Opened("theirs"), new Noted("n", 1)], Who);

        Assert.Equal(new Opened("mine"), (await store.ReadStreamAsync(T, id)).Single().Data);
        Assert.Equal(new Opened("theirs"), (await store.ReadStreamAsync(other, id))[0].Data);
        Assert.Empty(await store.ReadStreamAsync(new TenantId("tenant-c"), id));
        Assert.Equal(1, (await store.FetchStreamStateAsync(T, id))!.Version);
        Assert.Equal(2, (await store.FetchStreamStateAsync(other, id))!.Version);
        Assert.Null(await store.FetchStreamStateAsync(new TenantId("tenant-c"), id));
    }

    [Fact]
    public async Task A_stream_folds_to_its_state_at_any_version_or_instant()
    {
        var store = StoreOnMarten.Create(f);
        var id = Guid.NewGuid();
        var first = await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("a"), new Noted("n1", 1)], Who);
        await Task.Delay(20);
        var second = await store.AppendAsync(T, id, "case", ExpectedVersion.Exactly(2), [new Noted("n2", 2)], Who);
        await Task.Delay(20);
        await store.AppendAsync(T, id, "case", ExpectedVersion.Exactly(3), [new Noted("n3", 3)], Who);
        var t1 = first.Events[0].RecordedAt;
        var t2 = second.Events[0].RecordedAt;

        static int Sum(RecordedEvent e) => e.Data is Noted n ? n.Number : 0;
        async Task<int?> NotesSum(StreamReadOptions read) =>
            (await store.AggregateAsync(T, id, e => new[] { Sum(e) }, (s, e) => [s[0] + Sum(e)], read))?[0];

        Assert.Equal(6, await NotesSum(StreamReadOptions.All));
        Assert.Equal(1, await NotesSum(new StreamReadOptions(ToVersion: 2)));
        Assert.Equal(3, await NotesSum(new StreamReadOptions(Until: t2)));
        Assert.Equal(1, await NotesSum(new StreamReadOptions(Until: t1)));
        Assert.Null(await NotesSum(new StreamReadOptions(Until: t1.AddTicks(-10))));
        Assert.Equal(6, await NotesSum(new StreamReadOptions(Until: DateTimeOffset.UtcNow.AddHours(1))));
        Assert.Equal([3L, 4L], (await store.ReadStreamAsync(T, id, new StreamReadOptions(FromVersion: 3))).Select(e => e.Version));
        Assert.Null(await store.AggregateAsync(T, Guid.NewGuid(), e => e, (_, e) => e));
    }

    [Fact]
    public async Task Martens_tombstone_stream_is_never_returned()
    {
        var store = StoreOnMarten.Create(f);

        Assert.Empty(await store.ReadStreamAsync(T, JasperFx.Events.Tombstone.StreamId));
        Assert.Null(await store.FetchStreamStateAsync(T, JasperFx.Events.Tombstone.StreamId));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            store.AppendAsync(T, JasperFx.Events.Tombstone.StreamId, "case", ExpectedVersion.Any, [new Opened("x")], Who));
    }
}
