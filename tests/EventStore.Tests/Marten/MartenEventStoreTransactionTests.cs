using Atencion.EventStore.Appending;
using Npgsql;

namespace Atencion.EventStore.Tests.Marten;

/// <summary>Counts events of <c>case</c> streams into a table of its own, in the append's transaction.</summary>
internal sealed class MartenCountingProjection : IInlineProjection
{
    public bool Handles(string streamType) => streamType == "case";

    public async Task ApplyAsync(AppendContext context, CancellationToken ct)
    {
        await using var cmd = context.Command("""
            insert into marten_test.counts (stream_id, n) values (@s, @n)
            on conflict (stream_id) do update set n = counts.n + excluded.n
            """);
        cmd.Parameters.AddWithValue("s", context.StreamId);
        cmd.Parameters.AddWithValue("n", context.Events.Count);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>Today's AtomicityTests against the Marten-backed store: inline projections and the caller's writes share the append's transaction.</summary>
public sealed class MartenEventStoreTransactionTests(MartenFixture f) : IClassFixture<MartenFixture>, IAsyncLifetime
{
    private static readonly TenantId T = StoreOnMarten.Tenant;
    private static readonly EventMetadata Who = StoreOnMarten.Who;

    public Task InitializeAsync() => f.Db.ExecAsAdminAsync($"""
        create schema if not exists marten_test;
        create table if not exists marten_test.counts (stream_id uuid primary key, n int not null);
        grant usage on schema marten_test to {Atencion.TestSupport.TestDatabase.AppRole};
        grant select, insert, update on marten_test.counts to {Atencion.TestSupport.TestDatabase.AppRole};
        """);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<int?> CountFor(Guid id)
    {
        await using var cmd = f.AppSource.CreateCommand("select n from marten_test.counts where stream_id = $1");
        cmd.Parameters.AddWithValue(id);
        return (int?)await cmd.ExecuteScalarAsync();
    }

    [Fact]
    public async Task Inline_projections_commit_with_the_events()
    {
        var store = StoreOnMarten.Create(f, new MartenCountingProjection());
        var id = Guid.NewGuid();
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("a"), new Noted("b", 1)], Who);
        await store.AppendAsync(T, id, "case", ExpectedVersion.Exactly(2), [new Noted("c", 2)], Who);
        await store.AppendAsync(T, Guid.NewGuid(), "staff", ExpectedVersion.NoStream, [new Opened("not counted")], Who);

        Assert.Equal(3, await CountFor(id));
    }

    [Fact]
    public async Task A_failure_after_the_append_rolls_back_events_stream_chain_and_projection_together()
    {
        var store = StoreOnMarten.Create(f, new MartenCountingProjection());
        var id = Guid.NewGuid();

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync(T, id, "case", ExpectedVersion.NoStream,
            [new Opened("a"), new Noted("b", 1)], Who,
            (_, _) => throw new InvalidOperationException("the command's other write failed")));

        Assert.Empty(await store.ReadStreamAsync(T, id));
        Assert.Null(await store.FetchStreamStateAsync(T, id));
        Assert.Null(await CountFor(id));
        Assert.Equal(0, await f.ScalarAsync<long>($"select count(*) from atencion_es.event_hashes where stream_id = '{id}'"));
        // Nothing half-done was left behind: the stream can still be created.
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("a")], Who);
        Assert.Equal(1, await CountFor(id));
        Assert.Null(await f.VerifyAsync(T.Value, id));
    }

    [Fact]
    public async Task A_conflict_leaves_the_projection_untouched()
    {
        var store = StoreOnMarten.Create(f, new MartenCountingProjection());
        var id = Guid.NewGuid();
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("a")], Who);

        await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("b")], Who));
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            store.AppendAsync(T, id, "case", ExpectedVersion.Exactly(3), [new Noted("c", 1)], Who));

        Assert.Equal(1, await CountFor(id));
    }

    [Fact]
    public async Task The_callers_writes_see_the_recorded_events_inside_the_transaction()
    {
        var store = StoreOnMarten.Create(f);
        var id = Guid.NewGuid();
        long seen = -1;
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("a")], Who, async (ctx, ct) =>
        {
            await using var cmd = ctx.Command("select count(*) from atencion_es.mt_events where tenant_id = $1 and stream_id = $2");
            cmd.Parameters.AddWithValue(ctx.Tenant.Value);
            cmd.Parameters.AddWithValue(ctx.StreamId);
            seen = (long)(await cmd.ExecuteScalarAsync(ct))!;
        });
        Assert.Equal(1, seen);
    }

    [Fact]
    public async Task Several_streams_and_our_own_sql_commit_in_one_transaction()
    {
        var store = StoreOnMarten.Create(f, new MartenCountingProjection());
        var (a, b, ours) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        var versions = await store.InTransactionAsync(async (t, ct) =>
        {
            await using (var cmd = t.Command("insert into marten_test.counts (stream_id, n) values ($1, 100)"))
            {
                cmd.Parameters.AddWithValue(ours);
                await cmd.ExecuteNonQueryAsync(ct);
            }
            var first = await t.AppendAsync(T, a, "case", ExpectedVersion.NoStream, [new Opened("a")], Who, ct);
            var second = await t.AppendAsync(T, b, "case", ExpectedVersion.Any, [new Opened("b"), new Noted("n", 1)], Who, ct);
            return (first.Version, second.Version);
        });

        Assert.Equal((1L, 2L), versions);
        Assert.Equal((1, 2, 100), ((await CountFor(a))!.Value, (await CountFor(b))!.Value, (await CountFor(ours))!.Value));
        Assert.Null(await f.VerifyAsync(T.Value, a));
        Assert.Null(await f.VerifyAsync(T.Value, b));
    }

    [Fact]
    public async Task A_work_that_throws_rolls_back_every_append_of_the_transaction()
    {
        var store = StoreOnMarten.Create(f, new MartenCountingProjection());
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.InTransactionAsync<int>(async (t, ct) =>
        {
            await t.AppendAsync(T, a, "case", ExpectedVersion.NoStream, [new Opened("a")], Who, ct);
            await t.AppendAsync(T, b, "case", ExpectedVersion.NoStream, [new Opened("b")], Who, ct);
            throw new InvalidOperationException("refused later");
        }));

        Assert.Null(await store.FetchStreamStateAsync(T, a));
        Assert.Null(await store.FetchStreamStateAsync(T, b));
        Assert.Null(await CountFor(a));
    }

    [Fact]
    public async Task A_duplicate_start_in_the_retrying_variant_runs_the_work_again_in_a_new_transaction()
    {
        var store = StoreOnMarten.Create(f, new MartenCountingProjection());
        var id = Guid.NewGuid();
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("a")], Who);
        var runs = 0;

        var result = await store.InTransactionRetryingAsync(async (t, ct) =>
        {
            runs++;
            // The first run believes the stream is new; the conflict aborts its transaction.
            var expected = runs == 1 ? ExpectedVersion.NoStream
                : ExpectedVersion.Exactly((await store.FetchStreamStateAsync(T, id, ct))!.Version);
            return await t.AppendAsync(T, id, "case", expected, [new Noted("retried", runs)], Who, ct);
        });

        Assert.Equal(2, runs);
        Assert.Equal(2, result.Version);
        Assert.Equal(2, await CountFor(id));
        Assert.Null(await f.VerifyAsync(T.Value, id));
    }
}
