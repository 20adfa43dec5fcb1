using Atencion.EventStore.Integrity;

namespace Atencion.EventStore.Tests;

/// <summary>Checkpoints: what a head MAC cannot catch (a head put back from an earlier copy) a later checkpoint does.</summary>
public sealed class CheckpointTests(StoreFixture f) : IClassFixture<StoreFixture>
{
    // Each test its own tenant: a checkpoint lists every stream of one.
    private static TenantId ATenant() => new("cp-" + Guid.NewGuid().ToString("N")[..12]);

    private async Task<Guid> AStreamOf(TenantId tenant, int events)
    {
        var id = Guid.NewGuid();
        var store = f.Store();
        await store.AppendAsync(tenant, id, "case", ExpectedVersion.NoStream, [new Opened("punto de control")], StoreFixture.Who);
        for (var v = 1; v < events; v++)
            await store.AppendAsync(tenant, id, "case", ExpectedVersion.Exactly(v), [new Noted($"nota {v}", v)], StoreFixture.Who);
        return id;
    }

    [Fact]
    public async Task A_head_put_back_from_an_earlier_copy_passes_the_stream_check_but_not_a_later_checkpoint()
    {
        var tenant = ATenant();
        var id = await AStreamOf(tenant, 3);
        var other = await AStreamOf(tenant, 2);
        // The superuser copies the head, with its MAC, while the stream is at version 3…
        await f.Db.ExecAsAdminAsync($"create table copied_head_{id:N} as select * from atencion.streams where stream_id = '{id}'");
        await f.Store().AppendAsync(tenant, id, "case", ExpectedVersion.Exactly(3), [new Noted("nota 3", 3), new Noted("nota 4", 4)], StoreFixture.Who);
        var checkpoint = await f.Store().TakeCheckpointAsync(tenant);
        Assert.Equal(2, checkpoint.Heads.Count);
        Assert.Equal(5, checkpoint.Heads.Single(h => h.StreamId == id).Version);

        // …and after the auditor's checkpoint removes versions 4 and 5 and puts the copy back.
        await f.Db.TamperAsync($"""
            delete from atencion.events where stream_id = '{id}' and version > 3;
            update atencion.streams s set version = c.version, last_hash = c.last_hash, head_mac = c.head_mac, last_tx = c.last_tx
            from copied_head_{id:N} c where s.stream_id = c.stream_id;
            """);

        // The stream alone cannot tell: every link and the head's MAC are genuine (the documented limit).
        Assert.True((await f.Store().VerifyStreamAsync(tenant, id)).Valid);

        var report = await f.Store().VerifyCheckpointAsync(tenant, checkpoint);
        Assert.False(report.Valid);
        Assert.True(report.Authentic);
        Assert.Equal(2, report.Streams);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(id, finding.StreamId);
        Assert.Equal(5, finding.CheckpointVersion);
        Assert.Equal(3, finding.CurrentVersion);
        Assert.Contains("went back", finding.Reason);
        Assert.DoesNotContain(report.Findings, x => x.StreamId == other);
    }

    [Fact]
    public async Task Appends_after_a_checkpoint_keep_it_valid()
    {
        var tenant = ATenant();
        var id = await AStreamOf(tenant, 2);
        var checkpoint = await f.Store().TakeCheckpointAsync(tenant);
        await f.Store().AppendAsync(tenant, id, "case", ExpectedVersion.Exactly(2), [new Noted("después", 2)], StoreFixture.Who);
        await AStreamOf(tenant, 1);

        var report = await f.Store().VerifyCheckpointAsync(tenant, checkpoint);
        Assert.True(report.Valid);
        Assert.Empty(report.Findings);
    }

    [Fact]
    public async Task A_deleted_stream_and_a_rewritten_event_are_found()
    {
        var tenant = ATenant();
        var gone = await AStreamOf(tenant, 2);
        var rewritten = await AStreamOf(tenant, 2);
        var checkpoint = await f.Store().TakeCheckpointAsync(tenant);
        await f.Db.TamperAsync($"""
            delete from atencion.events where stream_id = '{gone}';
            update atencion.events set hash = sha256(hash) where stream_id = '{rewritten}' and version = 2;
            delete from atencion.streams where stream_id = '{gone}';
            """);

        var report = await f.Store().VerifyCheckpointAsync(tenant, checkpoint);
        Assert.False(report.Valid);
        Assert.Contains("gone", report.Findings.Single(x => x.StreamId == gone).Reason);
        Assert.Contains("another hash", report.Findings.Single(x => x.StreamId == rewritten).Reason);
    }

    [Fact]
    public async Task An_altered_or_foreign_checkpoint_is_not_authentic()
    {
        var tenant = ATenant();
        await AStreamOf(tenant, 3);
        var checkpoint = await f.Store().TakeCheckpointAsync(tenant);
        Assert.True(checkpoint.IsAuthentic(f.ChainKey));

        var lowered = checkpoint with { Heads = [checkpoint.Heads[0] with { Version = 1 }] };
        var report = await f.Store().VerifyCheckpointAsync(tenant, lowered);
        Assert.False(report.Valid);
        Assert.False(report.Authentic);

        var foreign = await f.Store().VerifyCheckpointAsync(ATenant(), checkpoint);
        Assert.False(foreign.Authentic);
    }
}
