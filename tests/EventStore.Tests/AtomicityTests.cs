using Atencion.EventStore.Appending;
using Npgsql;

namespace Atencion.EventStore.Tests;

/// <summary>Counts events into a table of its own, in the append's transaction.</summary>
internal sealed class CountingProjection : IInlineProjection
{
    public bool Handles(string streamType) => streamType == "case";

    public async Task ApplyAsync(AppendContext context, CancellationToken ct)
    {
        await using var cmd = context.Command("""
            insert into atencion.test_counts (stream_id, n) values (@s, @n)
            on conflict (stream_id) do update set n = test_counts.n + excluded.n
            """);
        cmd.Parameters.AddWithValue("s", context.StreamId);
        cmd.Parameters.AddWithValue("n", context.Events.Count);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

public sealed class AtomicityTests(StoreFixture f) : IClassFixture<StoreFixture>, IAsyncLifetime
{
    private static readonly TenantId T = StoreFixture.Tenant;

    public Task InitializeAsync() => f.Db.ExecAsAdminAsync("""
        create table if not exists atencion.test_counts (stream_id uuid primary key, n int not null);
        grant select, insert, update on atencion.test_counts to atencion_app;
        """);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<int?> CountFor(Guid id)
    {
        await using var cmd = f.AppSource.CreateCommand("select n from atencion.test_counts where stream_id = $1");
        cmd.Parameters.AddWithValue(id);
        return (int?)await cmd.ExecuteScalarAsync();
    }

    [Fact]
    public async Task Inline_projections_commit_with_the_events()
    {
        var store = f.Store(new CountingProjection());
        var id = Guid.NewGuid();
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("a"), new Noted("b", 1)], StoreFixture.Who);
        await store.AppendAsync(T, id, "case", ExpectedVersion.Exactly(2), [new Noted("c", 2)], StoreFixture.Who);

        Assert.Equal(3, await CountFor(id));
    }

    [Fact]
    public async Task A_failure_after_the_insert_rolls_back_events_stream_and_projection_together()
    {
        var store = f.Store(new CountingProjection());
        var id = Guid.NewGuid();

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync(T, id, "case", ExpectedVersion.NoStream,
            [new Opened("a"), new Noted("b", 1)], StoreFixture.Who,
            (_, _) => throw new InvalidOperationException("the command's other write failed")));

        Assert.Empty(await store.ReadStreamAsync(T, id));
        Assert.Null(await store.FetchStreamStateAsync(T, id));
        Assert.Null(await CountFor(id));
        // The stream can still be created afterwards: nothing half-done was left behind.
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("a")], StoreFixture.Who);
        Assert.Equal(1, await CountFor(id));
    }

    [Fact]
    public async Task A_conflict_leaves_the_projection_untouched()
    {
        var store = f.Store(new CountingProjection());
        var id = Guid.NewGuid();
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("a")], StoreFixture.Who);

        await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("b")], StoreFixture.Who));

        Assert.Equal(1, await CountFor(id));
    }

    [Fact]
    public async Task The_callers_writes_see_the_recorded_events_inside_the_transaction()
    {
        var store = f.Store();
        var id = Guid.NewGuid();
        long seen = -1;
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("a")], StoreFixture.Who, async (ctx, ct) =>
        {
            await using var cmd = ctx.Command("select count(*) from atencion.events where tenant_id = $1 and stream_id = $2");
            cmd.Parameters.AddWithValue(ctx.Tenant.Value);
            cmd.Parameters.AddWithValue(ctx.StreamId);
            seen = (long)(await cmd.ExecuteScalarAsync(ct))!;
        });
        Assert.Equal(1, seen);
    }
}
