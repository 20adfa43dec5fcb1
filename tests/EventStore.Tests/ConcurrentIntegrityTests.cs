using Npgsql;

namespace Atencion.EventStore.Tests;

/// <summary>The hash chain's promise under concurrency and against a careful forger.</summary>
public sealed class ConcurrentIntegrityTests(StoreFixture f) : IClassFixture<StoreFixture>
{
    private static readonly TenantId T = StoreFixture.Tenant;

    private async Task WaitUntilABackendWaitsOnALockAsync()
    {
        await using var conn = new NpgsqlConnection(f.Db.AdminConnectionString);
        await conn.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(15);
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

        var first = store.AppendAsync(T, id, "case", ExpectedVersion.Any, [new Noted("primero", 1)], StoreFixture.Who,
            async (_, _) => { inside.SetResult(); await release.Task; });
        await inside.Task;
        var second = store.AppendAsync(T, id, "case", ExpectedVersion.Any, [new Noted("segundo", 2)], StoreFixture.Who);
        await WaitUntilABackendWaitsOnALockAsync();
        release.SetResult();
        await first;
        await second;

        var report = await store.VerifyStreamAsync(T, id);
        Assert.Equal(3, report.Events);
        Assert.True(report.Valid, $"version {report.FirstInvalidVersion}: {report.Reason}");
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

        var false_alarms = new List<string>();
        for (var i = 0; i < 300 && false_alarms.Count == 0; i++)
        {
            var report = await store.VerifyStreamAsync(T, id);
            if (!report.Valid) false_alarms.Add($"version {report.FirstInvalidVersion}: {report.Reason}");
        }
        stop.Cancel();
        await writer;

        Assert.Empty(false_alarms);
    }

    [Fact]
    public async Task Rewriting_an_event_and_rehashing_the_rest_of_the_stream_is_detected()
    {
        var store = f.Store();
        var id = Guid.NewGuid();
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("original")], StoreFixture.Who);
        for (var v = 1; v < 5; v++)
            await store.AppendAsync(T, id, "case", ExpectedVersion.Exactly(v), [new Noted($"nota {v}", v)], StoreFixture.Who);

        await f.Db.TamperAsync($$"""
            update atencion.events set data = jsonb_set(data, '{text}', '"nota cambiada"') where stream_id = '{{id}}' and version = 2;
            do $$
            declare r record; prev bytea;
            begin
                select hash into prev from atencion.events where stream_id = '{{id}}' and version = 1;
                for r in select * from atencion.events where stream_id = '{{id}}' and version >= 2 order by version loop
                    prev := sha256(prev || sha256(convert_to(r.tenant_id || E'\n' || r.stream_id::text || E'\n' || r.version::text || E'\n'
                        || r.event_type || E'\n' || (extract(epoch from r.recorded_at) * 1000000)::bigint::text || E'\n'
                        || r.data::text || E'\n' || r.metadata::text, 'UTF8')));
                    update atencion.events set hash = prev where seq = r.seq;
                end loop;
            end $$;
            """);

        Assert.Equal(new Noted("nota cambiada", 1), (await store.ReadStreamAsync(T, id))[1].Data);
        var report = await store.VerifyStreamAsync(T, id);
        Assert.False(report.Valid);
        Assert.Equal(2, report.FirstInvalidVersion);
    }
}
