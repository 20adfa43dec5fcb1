using System.Collections.Concurrent;
using Atencion.EventStore.Feed;
using Npgsql;

namespace Atencion.EventStore.Tests;

/// <summary>Records what a subscription delivers, without writing anything of its own.</summary>
internal sealed class RecordingSubscriber : ISubscriber
{
    public ConcurrentQueue<RecordedEvent> Seen { get; } = new();

    public Task HandleAsync(IReadOnlyList<RecordedEvent> events, NpgsqlTransaction transaction, CancellationToken ct)
    {
        foreach (var e in events) Seen.Enqueue(e);
        return Task.CompletedTask;
    }
}

/// <summary>The global feed over the Marten store: every committed event once, in (transaction, seq) order, never skipping a late commit.</summary>
public sealed class GlobalFeedTests(StoreFixture f) : IClassFixture<StoreFixture>
{
    private GlobalFeed Feed => new(f.AppSource, f.Types);

    [Fact]
    public async Task A_transaction_that_commits_late_is_delivered_not_skipped()
    {
        var store = f.Store();
        var tenant = new TenantId("feed-late");
        var recorder = new RecordingSubscriber();
        var sub = new Subscription(f.AppSource, Feed, "late-" + Guid.NewGuid(), recorder);
        await sub.CatchUpAsync();

        // Slow takes its sequence number first and holds its transaction open; Fast commits meanwhile.
        var inside = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var slow = store.AppendAsync(tenant, Guid.NewGuid(), "case", ExpectedVersion.NoStream, [new Opened("slow")], StoreFixture.Who,
            async (_, _) => { inside.SetResult(); await release.Task; });
        await inside.Task;
        var fast = await store.AppendAsync(tenant, Guid.NewGuid(), "case", ExpectedVersion.NoStream, [new Opened("fast")], StoreFixture.Who);

        await sub.CatchUpAsync();
        Assert.DoesNotContain(recorder.Seen, e => e.Tenant == tenant); // neither passes the open transaction's horizon

        release.SetResult();
        var slowResult = await slow;
        Assert.True(slowResult.Events[0].Seq < fast.Events[0].Seq);
        await CatchUpUntil(sub, () => recorder.Seen.Count(e => e.Tenant == tenant) >= 2);

        var delivered = recorder.Seen.Where(e => e.Tenant == tenant).Select(e => ((Opened)e.Data).Subject).ToList();
        Assert.Equal(["slow", "fast"], delivered);
    }

    [Fact]
    public async Task Concurrent_writers_with_rollbacks_every_committed_event_is_delivered_exactly_once_in_order()
    {
        var store = f.Store();
        var tenant = new TenantId("feed-load");
        var recorder = new RecordingSubscriber();
        var sub = new Subscription(f.AppSource, Feed, "load-" + Guid.NewGuid(), recorder) { BatchSize = 700 };
        await sub.CatchUpAsync();

        const int writers = 8, eventsPerWriter = 1_500; // 12,000 committed events
        var committed = new ConcurrentBag<Guid>();
        var rolledBack = new ConcurrentBag<Guid>();
        using var stop = new CancellationTokenSource();
        var consumer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) { await sub.CatchUpAsync(); await Task.Yield(); }
        });

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var streams = Enumerable.Range(0, 40).Select(_ => (Id: Guid.NewGuid(), Version: 0L)).ToArray();
            var written = 0;
            while (written < eventsPerWriter)
            {
                var s = random.Next(streams.Length);
                var n = Math.Min(random.Next(1, 6), eventsPerWriter - written);
                var batch = Enumerable.Range(0, n).Select(i => (object)new Noted($"w{w}", i)).ToList();
                var expected = streams[s].Version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(streams[s].Version);
                if (random.Next(10) == 0)
                {
                    await Assert.ThrowsAsync<TimeoutException>(() => store.AppendAsync(tenant, streams[s].Id, "case", expected, batch,
                        StoreFixture.Who, (ctx, _) =>
                        {
                            foreach (var e in ctx.Events) rolledBack.Add(e.EventId);
                            throw new TimeoutException("rolled back on purpose");
                        }));
                    continue;
                }
                var result = await store.AppendAsync(tenant, streams[s].Id, "case", expected, batch, StoreFixture.Who);
                foreach (var e in result.Events) committed.Add(e.EventId);
                streams[s].Version = result.Version;
                written += n;
            }
        })));
        stop.Cancel();
        await consumer;
        // The horizon is cluster-wide: a short transaction of another database (other test classes run beside this
        // one) can hold the last commits back for a moment. Delivery is eventual, so wait for it, boundedly.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        await sub.CatchUpAsync();
        while ((await Feed.LagAsync(await sub.CheckpointAsync())).Events > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            await sub.CatchUpAsync();
        }

        var seen = recorder.Seen.Where(e => e.Tenant == tenant).ToList();
        Assert.Equal(writers * eventsPerWriter, committed.Count);
        Assert.True(rolledBack.Count > 50, $"only {rolledBack.Count} rolled-back events were exercised");
        var dup = seen.GroupBy(e => e.EventId).Where(g => g.Count() > 1).Take(3).SelectMany(g => g).Select(e => $"{e.TxId}/{e.Seq}/{e.StreamId}/{e.Version}");
        Assert.True(seen.Count == seen.Select(e => e.EventId).Distinct().Count(), string.Join(" ; ", dup)); // no duplicates
        Assert.Equal(committed.OrderBy(x => x), seen.Select(e => e.EventId).OrderBy(x => x));        // nothing missing
        Assert.DoesNotContain(seen, e => rolledBack.Contains(e.EventId));                             // nothing rolled back
        Assert.Equal(seen.Select(FeedPosition.After).Order(), seen.Select(FeedPosition.After));        // in feed order
        foreach (var stream in seen.GroupBy(e => e.StreamId))                                      // each stream in version order
            Assert.Equal(Enumerable.Range(1, stream.Count()).Select(v => (long)v), stream.Select(e => e.Version));
        Assert.Equal(0, (await Feed.LagAsync(await sub.CheckpointAsync())).Events);
    }

    [Fact]
    public async Task The_feed_orders_by_transaction_number_not_by_its_text_across_a_power_of_ten()
    {
        // Regression: ordering by tx_id's text put "100000" before "99999" and re-delivered events.
        var store = f.Store();
        var tenant = new TenantId("feed-digits");
        var ours = new List<RecordedEvent>();
        ulong boundary, gap;
        // Approach the next power of ten in halving steps: other tests consume transaction ids meanwhile.
        while (true)
        {
            var current = await CurrentXid();
            boundary = (ulong)Math.Pow(10, Math.Floor(Math.Log10(current)) + 1);
            gap = boundary - current;
            Assert.True(gap < 5_000_000, $"transaction ids are at {current}: this test expects the fresh cluster that ops/test starts");
            if (gap <= 100) break;
            await BurnXids(gap / 2);
        }
        while (await CurrentXid() <= boundary + 5)
            ours.AddRange((await store.AppendAsync(tenant, Guid.NewGuid(), "case", ExpectedVersion.NoStream, [new Opened("x")], StoreFixture.Who)).Events);
        Assert.Contains(ours, e => e.TxId < boundary);
        Assert.Contains(ours, e => e.TxId >= boundary);

        var delivered = new List<RecordedEvent>();
        var position = FeedPosition.After(ours[0]) with { Seq = ours[0].Seq - 1 };
        var until = DateTime.UtcNow.AddSeconds(15);
        while (delivered.Count(e => e.Tenant == tenant) < ours.Count && DateTime.UtcNow < until)
        {
            var page = await Feed.ReadAsync(position, 3);
            if (page.Count == 0) { await Task.Delay(20); continue; }
            delivered.AddRange(page);
            position = FeedPosition.After(page[^1]);
        }

        var mine = delivered.Where(e => e.Tenant == tenant).Select(e => e.EventId).ToList();
        Assert.Equal(ours.Select(e => e.EventId), mine);
        Assert.Equal(delivered.Select(FeedPosition.After).Order(), delivered.Select(FeedPosition.After));
        Assert.Equal(FeedPosition.After(ours[^1]), await Feed.HeadAsync());
    }

    private async Task<ulong> CurrentXid()
    {
        await using var cmd = f.AppSource.CreateCommand("select pg_current_xact_id()::text");
        return ulong.Parse((string)(await cmd.ExecuteScalarAsync())!);
    }

    private Task BurnXids(ulong count) => f.Db.ExecAsAdminAsync($"""
        create temp table burn (x int);
        do $$ begin
            for i in 1..{count} loop
                begin insert into burn values (1); exception when others then null; end;
            end loop;
        end $$;
        """);

    [Fact]
    public async Task A_subscription_resumes_from_its_durable_checkpoint()
    {
        var store = f.Store();
        var tenant = new TenantId("feed-resume");
        var name = "resume-" + Guid.NewGuid();
        var first = new RecordingSubscriber();
        await new Subscription(f.AppSource, Feed, name, first).CatchUpAsync();
        await store.AppendAsync(tenant, Guid.NewGuid(), "case", ExpectedVersion.NoStream, [new Opened("one")], StoreFixture.Who);
        await CatchUpUntil(new Subscription(f.AppSource, Feed, name, first), () => first.Seen.Any(e => e.Tenant == tenant));

        await store.AppendAsync(tenant, Guid.NewGuid(), "case", ExpectedVersion.NoStream, [new Opened("two")], StoreFixture.Who);
        var second = new RecordingSubscriber();
        await CatchUpUntil(new Subscription(f.AppSource, Feed, name, second), () => second.Seen.Any(e => e.Tenant == tenant));

        Assert.Equal("two", ((Opened)second.Seen.Single(e => e.Tenant == tenant).Data).Subject);
        Assert.Single(first.Seen, e => e.Tenant == tenant);
        Assert.Equal(FeedPosition.After(second.Seen.Last()), await new Subscription(f.AppSource, Feed, name, second).CheckpointAsync());
    }

    [Fact]
    public async Task A_notification_wakes_a_running_subscription_without_waiting_for_the_poll()
    {
        var store = f.Store();
        var tenant = new TenantId("feed-notify");
        var recorder = new RecordingSubscriber();
        var sub = new Subscription(f.AppSource, Feed, "notify-" + Guid.NewGuid(), recorder) { PollInterval = TimeSpan.FromMinutes(5) };
        using var cts = new CancellationTokenSource();
        var running = sub.RunAsync(cts.Token);
        await WaitUntil(() => running.IsCompleted, TimeSpan.FromMilliseconds(300)); // let it catch up and reach its LISTEN wait

        // A woken read can find nothing while a transaction elsewhere in the cluster that began before the append is still
        // open (transaction ids are cluster-wide and tests run in parallel); the next append's NOTIFY wakes it again. With
        // no wake-up at all, nothing arrives for five minutes.
        var arrived = false;
        for (var attempt = 0; attempt < 3 && !arrived; attempt++)
        {
            await store.AppendAsync(tenant, Guid.NewGuid(), "case", ExpectedVersion.NoStream, [new Opened("ping")], StoreFixture.Who);
            arrived = await WaitUntil(() => recorder.Seen.Any(e => e.Tenant == tenant), TimeSpan.FromSeconds(5));
        }
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.True(arrived, "the event did not arrive although the poll interval is 5 minutes");
    }

    // Transaction ids are cluster-wide: a transaction open in another database (tests run in parallel) holds the
    // horizon back for a moment, so delivery is prompt but not instantaneous.
    internal static async Task CatchUpUntil(Subscription sub, Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        do { await sub.CatchUpAsync(); } while (!condition() && DateTime.UtcNow < until && await Delay());
        Assert.True(condition(), "the feed did not deliver within 15 s");
    }

    private static async Task<bool> Delay() { await Task.Delay(20); return true; }

    internal static async Task<bool> WaitUntil(Func<bool> condition, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            if (condition()) return true;
            await Task.Delay(20);
        }
        return condition();
    }
}
