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
    public async Task A_checkpoint_lists_every_stream_head_of_the_tenant_under_the_services_mac()
    {
        var tenant = ATenant();
        var a = await AStreamOf(tenant, 3);
        var b = await AStreamOf(tenant, 1);
        await AStreamOf(ATenant(), 2);

        var checkpoint = await f.Store().TakeCheckpointAsync(tenant);

        Assert.Equal(tenant.Value, checkpoint.Tenant);
        Assert.Equal(f.Time.GetUtcNow(), checkpoint.TakenAt);
        Assert.Equal(new[] { a, b }.Order(), checkpoint.Heads.Select(h => h.StreamId));
        var head = checkpoint.Heads.Single(h => h.StreamId == a);
        Assert.Equal(("case", 3L), (head.StreamType, head.Version));
        Assert.Equal((await f.Store().VerifyStreamAsync(tenant, a)).HeadHash, head.HeadHash);
        Assert.True(checkpoint.IsAuthentic(f.ChainKey));
        Assert.False(checkpoint.IsAuthentic(new byte[32]));
        var report = await f.Store().VerifyCheckpointAsync(tenant, checkpoint);
        Assert.Equal((true, true, 2), (report.Valid, report.Authentic, report.Streams));
        Assert.Empty(report.Findings);
    }

    [Fact]
    public async Task A_head_put_back_from_an_earlier_copy_passes_the_stream_check_but_not_a_later_checkpoint()
    {
        var tenant = ATenant();
        var id = await AStreamOf(tenant, 3);
        var other = await AStreamOf(tenant, 2);
        // The superuser copies the head, with its MAC, while the stream is at version 3…
        await f.Db.ExecAsAdminAsync($"create table copied_head_{id:N} as select * from atencion_es.stream_heads where stream_id = '{id}'");
        await f.Store().AppendAsync(tenant, id, "case", ExpectedVersion.Exactly(3), [new Noted("nota 3", 3), new Noted("nota 4", 4)], StoreFixture.Who);
        var checkpoint = await f.Store().TakeCheckpointAsync(tenant);
        Assert.Equal(2, checkpoint.Heads.Count);
        Assert.Equal(5, checkpoint.Heads.Single(h => h.StreamId == id).Version);

        // …and after the auditor's checkpoint removes versions 4 and 5 and puts the copy back.
        await f.Db.TamperAsync($"""
            delete from atencion_es.mt_events where stream_id = '{id}' and version > 3;
            delete from atencion_es.event_hashes where stream_id = '{id}' and version > 3;
            update atencion_es.mt_streams set version = 3 where id = '{id}';
            update atencion_es.stream_heads s set version = c.version, last_hash = c.last_hash, head_mac = c.head_mac
            from copied_head_{id:N} c where s.tenant_id = c.tenant_id and s.stream_id = c.stream_id;
            """);

        // The stream alone cannot tell: every link and the head's MAC are genuine (the documented limit).
        var alone = await f.Store().VerifyStreamAsync(tenant, id);
        Assert.True(alone.Valid, alone.Reason);

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
        Assert.True(report.Authentic);
        Assert.Equal(1, report.Streams);
        Assert.Empty(report.Findings);
    }

    [Fact]
    public async Task A_stream_gone_an_event_gone_a_rewritten_hash_and_a_missing_stream_row_are_each_found()
    {
        var tenant = ATenant();
        var gone = await AStreamOf(tenant, 2);
        var eventGone = await AStreamOf(tenant, 2);
        var rewritten = await AStreamOf(tenant, 2);
        var rowGone = await AStreamOf(tenant, 2);
        var untouched = await AStreamOf(tenant, 2);
        var checkpoint = await f.Store().TakeCheckpointAsync(tenant);
        // replica mode skips the foreign keys between mt_events and mt_streams while the superuser deletes rows.
        await f.Db.TamperAsync($"""
            set session_replication_role = replica;
            delete from atencion_es.mt_events where stream_id = '{gone}';
            delete from atencion_es.event_hashes where stream_id = '{gone}';
            delete from atencion_es.stream_heads where stream_id = '{gone}';
            delete from atencion_es.mt_streams where id = '{gone}';
            delete from atencion_es.mt_events where stream_id = '{eventGone}' and version = 2;
            update atencion_es.event_hashes set hash = sha256(hash) where stream_id = '{rewritten}' and version = 2;
            delete from atencion_es.mt_streams where id = '{rowGone}';
            set session_replication_role = origin;
            """);

        var report = await f.Store().VerifyCheckpointAsync(tenant, checkpoint);

        Assert.False(report.Valid);
        Assert.True(report.Authentic);
        Assert.Equal(5, report.Streams);
        CheckpointFinding Of(Guid id) => report.Findings.Single(x => x.StreamId == id);
        Assert.Equal((2L, (long?)null), (Of(gone).CheckpointVersion, Of(gone).CurrentVersion));
        Assert.Contains("gone", Of(gone).Reason);
        Assert.Equal((2L, (long?)2), (Of(eventGone).CheckpointVersion, Of(eventGone).CurrentVersion));
        Assert.Contains("event at version 2 is missing", Of(eventGone).Reason);
        Assert.Contains("another hash", Of(rewritten).Reason);
        Assert.Null(Of(rowGone).CurrentVersion);
        Assert.Contains("head is missing", Of(rowGone).Reason);
        Assert.DoesNotContain(report.Findings, x => x.StreamId == untouched);
        Assert.Equal(4, report.Findings.Count);
    }

    [Fact]
    public async Task An_event_rewritten_with_its_hash_row_left_alone_is_found_by_the_stream_check_not_the_checkpoint()
    {
        // The checkpoint compares hash rows; the event's content against its hash row is the stream check's job.
        var tenant = ATenant();
        var id = await AStreamOf(tenant, 2);
        var checkpoint = await f.Store().TakeCheckpointAsync(tenant);
        await f.Db.TamperAsync($"update atencion_es.mt_events set data = jsonb_set(data, '{{text}}', '\"cambiada\"') where stream_id = '{id}' and version = 2");

        Assert.True((await f.Store().VerifyCheckpointAsync(tenant, checkpoint)).Valid);
        Assert.Equal(2, (await f.Store().VerifyStreamAsync(tenant, id)).FirstInvalidVersion);
    }

    [Fact]
    public async Task An_altered_forged_or_foreign_checkpoint_is_not_authentic()
    {
        var tenant = ATenant();
        await AStreamOf(tenant, 3);
        var checkpoint = await f.Store().TakeCheckpointAsync(tenant);
        Assert.True(checkpoint.IsAuthentic(f.ChainKey));

        var lowered = checkpoint with { Heads = [checkpoint.Heads[0] with { Version = 1 }] };
        var backdated = checkpoint with { TakenAt = checkpoint.TakenAt.AddDays(-1) };
        var forgedKey = new byte[32];
        var forged = checkpoint with { Heads = lowered.Heads, Mac = StreamCheckpoint.ComputeMac(forgedKey, tenant.Value, checkpoint.TakenAt, lowered.Heads) };
        foreach (var bad in new[] { lowered, backdated, forged })
        {
            var report = await f.Store().VerifyCheckpointAsync(tenant, bad);
            Assert.False(report.Valid);
            Assert.False(report.Authentic);
            Assert.Empty(report.Findings);
        }

        var other = ATenant();
        await AStreamOf(other, 1);
        var foreign = await f.Store().VerifyCheckpointAsync(other, checkpoint);
        Assert.False(foreign.Valid);
        Assert.False(foreign.Authentic);
        var relabelled = await f.Store().VerifyCheckpointAsync(other, checkpoint with { Tenant = other.Value });
        Assert.False(relabelled.Authentic);
    }
}
