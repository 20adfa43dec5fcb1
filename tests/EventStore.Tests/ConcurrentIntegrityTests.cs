using Npgsql;

namespace Atencion.EventStore.Tests;

/// <summary>The hash chain's promise under concurrency: racing appenders leave it valid, and a verifier racing a writer never cries wolf.</summary>
public sealed class ConcurrentIntegrityTests(StoreFixture f) : IClassFixture<StoreFixture>
{
    private static readonly TenantId T = StoreFixture.Tenant;

    private async Task WaitUntilABackendWaitsOnALockAsync()
    {
        await using var conn = new NpgsqlConnection(f.Db.AdminConnectionString);
        await conn.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(4);
        while (DateTime.UtcNow < deadline)
        {
            await using var cmd = new NpgsqlCommand(
                "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'", conn);
            if ((long)(await cmd.ExecuteScalarAsync())! > 0) return;
            await Task.Delay(20);
        }
        throw new TimeoutException("the second appender never waited on the stream's row lock");
    }

    [Fact]
    public async Task Appends_with_any_version_racing_on_one_stream_keep_the_hash_chain_intact()
    {
        var store = f.Store();
        var id = Guid.NewGuid();
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("a")], StoreFixture.Who);
        var inside = new TaskCompletionSource();
        var release = new TaskCompletionSource();

        // The first holds its transaction open after appending; the second must wait for it and chain onto its event.
        var first = store.AppendAsync(T, id, "case", ExpectedVersion.Any, [new Noted("primero", 1)], StoreFixture.Who,
            async (_, _) => { inside.SetResult(); await release.Task; });
        await inside.Task;
        var second = store.AppendAsync(T, id, "case", ExpectedVersion.Any, [new Noted("segundo", 2)], StoreFixture.Who);
        try { await WaitUntilABackendWaitsOnALockAsync(); }
        finally { release.SetResult(); }
        Assert.Equal(2, (await first).Version);
        Assert.Equal(3, (await second).Version);

        var report = await store.VerifyStreamAsync(T, id);
        Assert.Equal(3, report.Events);
        Assert.True(report.Valid, $"version {report.FirstInvalidVersion}: {report.Reason}");
        Assert.Equal(["a", "primero", "segundo"], (await store.ReadStreamAsync(T, id)).Select(e => e.Data switch
        {
            Opened o => o.Subject,
            Noted n => n.Text,
            _ => "?",
        }));
    }

    [Fact]
    public async Task Appends_racing_on_many_streams_keep_every_chain_intact()
    {
        var store = f.Store();
        var tenant = new TenantId("concurrent-many");
        var streams = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var m = 0; m < 25; m++)
                await store.AppendAsync(tenant, streams[(w + m) % streams.Length], "case", ExpectedVersion.Any,
                    [new Noted($"w{w}", m), new Noted($"w{w}", m)], StoreFixture.Who);
        })));

        foreach (var id in streams)
        {
            var report = await store.VerifyStreamAsync(tenant, id);
            Assert.True(report.Valid, $"{id} version {report.FirstInvalidVersion}: {report.Reason}");
            Assert.Equal(80, report.Events);
        }
    }

    [Fact]
    public async Task Verifying_a_case_while_it_receives_messages_never_reports_tampering()
    {
        var store = f.Store();
        var id = Guid.NewGuid();
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("chat")], StoreFixture.Who);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            long v = 1;
            while (!stop.IsCancellationRequested)
                v = (await store.AppendAsync(T, id, "case", ExpectedVersion.Exactly(v), [new Noted("mensaje", (int)v)], StoreFixture.Who)).Version;
        });

        var falseAlarms = new List<string>();
        var lastCount = 0;
        for (var i = 0; i < 300 && falseAlarms.Count == 0; i++)
        {
            var report = await store.VerifyStreamAsync(T, id);
            if (!report.Valid) falseAlarms.Add($"version {report.FirstInvalidVersion}: {report.Reason}");
            lastCount = report.Events;
        }
        stop.Cancel();
        await writer;

        Assert.Empty(falseAlarms);
        Assert.True(lastCount > 1, "the writer never appended while the verifier ran");
    }
}
