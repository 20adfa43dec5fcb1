using Atencion.EventStore.Feed;
using Npgsql;

namespace Atencion.EventStore.Tests;

/// <summary>Writes one row per event of its tenant through the batch's transaction, and fails once on a poisoned event after writing.</summary>
internal sealed class EffectWritingSubscriber(TenantId tenant, Guid poison) : ISubscriber
{
    public int FailuresLeft { get; set; } = 1;

    public async Task HandleAsync(IReadOnlyList<RecordedEvent> events, NpgsqlTransaction transaction, CancellationToken ct)
    {
        foreach (var e in events.Where(e => e.Tenant == tenant))
        {
            // The primary key turns a second delivery of an effect into an error.
            await using var cmd = new NpgsqlCommand("insert into atencion.test_effects (event_id) values ($1)", transaction.Connection, transaction);
            cmd.Parameters.AddWithValue(e.EventId);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        if (FailuresLeft > 0 && events.Any(e => e.EventId == poison))
        {
            FailuresLeft--;
            throw new InvalidOperationException("the subscriber failed after writing");
        }
    }
}

/// <summary>A subscription's checkpoint commits with its subscriber's writes, and the feed reports how far behind each consumer is.</summary>
public sealed class SubscriptionTests(StoreFixture f) : IClassFixture<StoreFixture>, IAsyncLifetime
{
    private GlobalFeed Feed => new(f.AppSource, f.Types);

    public Task InitializeAsync() => f.Db.ExecAsAdminAsync("""
        create table if not exists atencion.test_effects (event_id uuid primary key);
        grant select, insert on atencion.test_effects to atencion_app;
        """);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<List<Guid>> EffectsAsync()
    {
        await using var cmd = f.AppSource.CreateCommand("select event_id from atencion.test_effects");
        var ids = new List<Guid>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids.Add(r.GetGuid(0));
        return ids;
    }

    [Fact]
    public async Task A_failing_batch_rolls_back_its_writes_and_its_checkpoint_and_is_delivered_again()
    {
        var tenant = new TenantId("sub-atomic");
        var name = "atomic-" + Guid.NewGuid();
        await new Subscription(f.AppSource, Feed, name, new RecordingSubscriber()).CatchUpAsync();
        var appended = (await f.Store().AppendAsync(tenant, Guid.NewGuid(), "case", ExpectedVersion.NoStream,
            [new Opened("a"), new Noted("b", 1), new Noted("poison", 2), new Noted("d", 3), new Noted("e", 4)], StoreFixture.Who)).Events;
        var subscriber = new EffectWritingSubscriber(tenant, poison: appended[2].EventId);
        var sub = new Subscription(f.AppSource, Feed, name, subscriber) { BatchSize = 2 };

        // Batches [a, b], [poison, d], [e]: the first commits, the second fails after writing its effects.
        Exception? failure = null;
        var until = DateTime.UtcNow.AddSeconds(15);
        while (failure is null && DateTime.UtcNow < until)
        {
            failure = await Record.ExceptionAsync(() => sub.CatchUpAsync());
            if (failure is null) await Task.Delay(20);
        }
        Assert.IsType<InvalidOperationException>(failure);
        Assert.Equal(appended.Take(2).Select(e => e.EventId).Order(), (await EffectsAsync()).Order());
        Assert.Equal(FeedPosition.After(appended[1]), await sub.CheckpointAsync());

        // Run again, it resumes at the failed batch: every effect once (a repeated one would violate the key).
        await sub.CatchUpAsync();
        Assert.Equal(appended.Select(e => e.EventId).Order(), (await EffectsAsync()).Order());
        Assert.Equal(FeedPosition.After(appended[^1]), await sub.CheckpointAsync());
        Assert.Equal(0, await sub.CatchUpAsync());
    }

    [Fact]
    public async Task The_lag_counts_the_events_after_a_position_and_dates_the_oldest()
    {
        var tenant = new TenantId("sub-lag");
        var name = "lag-" + Guid.NewGuid();
        var sub = new Subscription(f.AppSource, Feed, name, new RecordingSubscriber());
        await sub.CatchUpAsync();
        var before = await Feed.HeadAsync();
        Assert.Equal(new FeedLag(0, null), await Feed.LagAsync(before));

        f.Time.Advance(TimeSpan.FromMinutes(1));
        var first = f.Time.GetUtcNow();
        await f.Store().AppendAsync(tenant, Guid.NewGuid(), "case", ExpectedVersion.NoStream, [new Opened("a"), new Noted("b", 1)], StoreFixture.Who);
        f.Time.Advance(TimeSpan.FromMinutes(5));
        await f.Store().AppendAsync(tenant, Guid.NewGuid(), "case", ExpectedVersion.NoStream, [new Opened("c")], StoreFixture.Who);

        Assert.Equal(new FeedLag(3, first), await Feed.LagAsync(before));
        Assert.Equal(new FeedLag(3, first), (await FeedHealth.ReadAsync(f.AppSource, CancellationToken.None)).Subscriptions[name]);

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await Feed.LagAsync(await sub.CheckpointAsync())).Events > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            await sub.CatchUpAsync();
        }
        Assert.Equal(new FeedLag(0, null), (await FeedHealth.ReadAsync(f.AppSource, CancellationToken.None)).Subscriptions[name]);
    }

    [Fact]
    public async Task Events_behind_an_open_transaction_are_reported_held_back_until_it_ends()
    {
        var store = f.Store();
        var tenant = new TenantId("sub-held");
        var inside = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var slow = store.AppendAsync(tenant, Guid.NewGuid(), "case", ExpectedVersion.NoStream, [new Opened("slow")], StoreFixture.Who,
            async (_, _) => { inside.SetResult(); await release.Task; });
        await inside.Task;
        var fast = await store.AppendAsync(tenant, Guid.NewGuid(), "case", ExpectedVersion.NoStream, [new Opened("fast")], StoreFixture.Who);

        var held = await FeedHealth.ReadAsync(f.AppSource, CancellationToken.None);
        Assert.True(held.HeldBack >= 1, $"held back: {held.HeldBack}");
        Assert.Equal(fast.Events[0].RecordedAt, held.OldestHeldBackAt);

        release.SetResult();
        await slow;
        // The horizon is cluster-wide: another database's short transaction may hold it back for a moment.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await FeedHealth.ReadAsync(f.AppSource, CancellationToken.None)).HeldBack > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.Equal(0, (await FeedHealth.ReadAsync(f.AppSource, CancellationToken.None)).HeldBack);
    }
}
