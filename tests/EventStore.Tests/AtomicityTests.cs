using Atencion.EventStore.Appending;
using Atencion.EventStore.Marten.Store;

namespace Atencion.EventStore.Tests;

/// <summary>An inline projection that fails on events of <c>case</c> streams whose subject or text is "boom".</summary>
internal sealed class FailingProjection : IInlineProjection
{
    public bool Handles(string streamType) => streamType == "case";

    public Task ApplyAsync(AppendContext context, CancellationToken ct) =>
        context.Events.Any(e => e.Data is Opened { Subject: "boom" } or Noted { Text: "boom" })
            ? throw new InvalidOperationException("the read model refused the event")
            : Task.CompletedTask;
}

/// <summary>The append, its hash rows, the inline projections and the caller's own writes commit or roll back as one (the part Marten/MartenEventStoreTransactionTests does not cover).</summary>
public sealed class AtomicityTests(StoreFixture f) : IClassFixture<StoreFixture>, IAsyncLifetime
{
    private static readonly TenantId T = StoreFixture.Tenant;

    public Task InitializeAsync() => f.Db.ExecAsAdminAsync("""
        create table if not exists atencion.test_writes (id uuid primary key);
        grant select, insert on atencion.test_writes to atencion_app;
        """);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<long> CountAsync(string sql)
    {
        await using var conn = new Npgsql.NpgsqlConnection(f.Db.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(sql, conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<(long Events, long Hashes, long HeadVersion, long Writes)> RowsOf(Guid stream, Guid write) => (
        await CountAsync($"select count(*) from atencion_es.mt_events where stream_id = '{stream}'"),
        await CountAsync($"select count(*) from atencion_es.event_hashes where stream_id = '{stream}'"),
        await CountAsync($"select coalesce(max(version), 0) from atencion_es.stream_heads where stream_id = '{stream}'"),
        await CountAsync($"select count(*) from atencion.test_writes where id = '{write}'"));

    /// <summary>The caller's own write in the append's transaction, made before it appends.</summary>
    private static async Task WriteAsync(StoreTransaction t, Guid id, CancellationToken ct)
    {
        await using var cmd = t.Command("insert into atencion.test_writes (id) values ($1)");
        cmd.Parameters.AddWithValue(id);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    [Fact]
    public async Task A_failing_inline_projection_rolls_back_a_new_stream_its_hash_rows_and_the_callers_writes()
    {
        var store = f.Store(new FailingProjection());
        var (id, write) = (Guid.NewGuid(), Guid.NewGuid());

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.InTransactionAsync(async (t, ct) =>
        {
            await WriteAsync(t, write, ct);
            return await t.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("boom"), new Noted("n", 1)], StoreFixture.Who, ct);
        }));

        Assert.Equal((0L, 0L, 0L, 0L), await RowsOf(id, write));
        Assert.Null(await store.FetchStreamStateAsync(T, id));
        // Nothing half-done was left behind: the stream can be created, and its chain starts at version 1.
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("ok")], StoreFixture.Who);
        Assert.True((await store.VerifyStreamAsync(T, id)).Valid);
    }

    [Fact]
    public async Task A_failing_inline_projection_leaves_an_existing_stream_and_its_head_where_they_were()
    {
        var store = f.Store(new FailingProjection());
        var (id, write) = (Guid.NewGuid(), Guid.NewGuid());
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("a"), new Noted("b", 1)], StoreFixture.Who);
        var before = await store.VerifyStreamAsync(T, id);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.InTransactionAsync(async (t, ct) =>
        {
            await WriteAsync(t, write, ct);
            return await t.AppendAsync(T, id, "case", ExpectedVersion.Exactly(2), [new Noted("c", 2), new Noted("boom", 3)], StoreFixture.Who, ct);
        }));

        Assert.Equal((2L, 2L, 2L, 0L), await RowsOf(id, write));
        Assert.Equal(before, await store.VerifyStreamAsync(T, id));
        var next = await store.AppendAsync(T, id, "case", ExpectedVersion.Exactly(2), [new Noted("c", 2)], StoreFixture.Who);
        Assert.Equal(3, next.Version);
        Assert.True((await store.VerifyStreamAsync(T, id)).Valid);
    }
}
