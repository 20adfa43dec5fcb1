using Atencion.EventStore.Integrity;
using Atencion.EventStore.Marten.HashChain;
using Atencion.EventStore.Marten.Store;

namespace Atencion.EventStore.Tests;

/// <summary>
/// The integrity report the audit endpoints answer with (<see cref="MartenEventStore.VerifyStreamAsync(TenantId, Guid, CancellationToken)"/>,
/// <see cref="ChainVerifier.ReportAsync"/>): valid with the event count and head hash, or the first version that does not
/// check out and why. Single-column edits are named in Marten/HashChainTamperTests; these are the report's own contract.
/// </summary>
public sealed class IntegrityTests(StoreFixture f) : IClassFixture<StoreFixture>
{
    private static readonly TenantId T = StoreFixture.Tenant;

    private async Task<Guid> AStreamOf(int events)
    {
        var id = Guid.NewGuid();
        var store = f.Store();
        await store.AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("á é ñ \"comillas\" \u00fc 😀")], StoreFixture.Who);
        for (var v = 1; v < events; v++)
            await store.AppendAsync(T, id, "case", ExpectedVersion.Exactly(v), [new Noted($"nota {v}", v)], StoreFixture.Who);
        return id;
    }

    private Task<IntegrityReport> Report(Guid id) => f.Store().VerifyStreamAsync(T, id);

    [Fact]
    public async Task An_untouched_stream_reports_valid_with_its_event_count_and_head_hash()
    {
        var id = await AStreamOf(5);

        var report = await Report(id);

        var events = await f.Store().ReadStreamAsync(T, id);
        Assert.Equal(new IntegrityReport(true, 5, HeadHash: Convert.ToHexStringLower(events[^1].Hash)), report);
        Assert.All(events, e => Assert.Equal(32, e.Hash.Length));
        Assert.Equal(5, events.Select(e => Convert.ToHexString(e.Hash)).Distinct().Count());
    }

    [Fact]
    public async Task A_stream_that_does_not_exist_reports_valid_with_no_events()
    {
        var elsewhere = await AStreamOf(2);

        Assert.Equal(new IntegrityReport(true, 0), await Report(Guid.NewGuid()));
        Assert.Equal(new IntegrityReport(true, 0), await f.Store().VerifyStreamAsync(new TenantId("tenant-other"), elsewhere));
    }

    [Fact]
    public async Task A_stream_removed_from_every_table_looks_like_one_that_never_existed()
    {
        // The report cannot tell a wiped stream from an unknown id; a checkpoint that listed it can (CheckpointTests).
        var id = await AStreamOf(3);
        await f.Db.TamperAsync($"""
            delete from atencion_es.mt_events where stream_id = '{id}';
            delete from atencion_es.event_hashes where stream_id = '{id}';
            delete from atencion_es.stream_heads where stream_id = '{id}';
            delete from atencion_es.mt_streams where id = '{id}';
            """);

        Assert.Equal(new IntegrityReport(true, 0), await Report(id));
    }

    [Theory]
    [InlineData("update atencion_es.mt_events set id = gen_random_uuid() where stream_id = '{s}' and version = 3", 5, 3, "hash mismatch")]
    [InlineData("update atencion_es.mt_events set causation_id = 'other' where stream_id = '{s}' and version = 4", 5, 4, "hash mismatch")]
    [InlineData("""
        update atencion_es.mt_events set seq_id = seq_id + 1000000 where stream_id = '{s}' and version = 2;
        update atencion_es.event_hashes set seq_id = seq_id + 1000000 where stream_id = '{s}' and version = 2;
        """, 5, 2, "hash mismatch")]
    [InlineData("update atencion_es.mt_events set seq_id = seq_id + 1000000 where stream_id = '{s}' and version = 2", 5, 2, "seq_id")]
    [InlineData("update atencion_es.stream_heads set last_hash = sha256('x') where stream_id = '{s}'", 5, 5, "MAC")]
    [InlineData("delete from atencion_es.stream_heads where stream_id = '{s}'", 5, 5, "head")]
    [InlineData("delete from atencion_es.mt_events where stream_id = '{s}'", 0, 1, "event deleted")]
    [InlineData("""
        set session_replication_role = replica;
        delete from atencion_es.mt_streams where id = '{s}';
        set session_replication_role = origin;
        """, 5, 5, "mt_streams row")]
    public async Task A_tampered_stream_reports_invalid_with_its_event_count_first_invalid_version_and_reason(
        string sql, int events, long firstInvalid, string reason)
    {
        var id = await AStreamOf(5);
        await f.Db.TamperAsync(sql.Replace("{s}", id.ToString()));

        var report = await Report(id);

        Assert.False(report.Valid);
        Assert.Equal(events, report.Events);
        Assert.Equal(firstInvalid, report.FirstInvalidVersion);
        Assert.Contains(reason, report.Reason);
        Assert.Null(report.HeadHash);
    }

    [Fact]
    public async Task A_forger_without_the_chain_key_cannot_rehash_an_edited_event_and_the_rest_of_the_stream()
    {
        var id = await AStreamOf(5);
        // A careful forger recomputes every link from the edited event on, and the head's hash, with SHA-256 over the
        // canonical text (all the database could know); without the service's HMAC key the first rewritten link fails.
        await f.Db.TamperAsync($$"""
            update atencion_es.mt_events set data = jsonb_set(data, '{text}', '"nota cambiada"') where stream_id = '{{id}}' and version = 2;
            do $$
            declare r record; prev bytea;
            begin
                select hash into prev from atencion_es.event_hashes where stream_id = '{{id}}' and version = 1;
                for r in select e.version, sha256(convert_to({{ChainCanon.Event}}, 'UTF8')) as d
                         from atencion_es.mt_events e where e.stream_id = '{{id}}' and e.version >= 2 order by e.version loop
                    prev := sha256(prev || r.d);
                    update atencion_es.event_hashes set hash = prev where stream_id = '{{id}}' and version = r.version;
                end loop;
                update atencion_es.stream_heads set last_hash = prev where stream_id = '{{id}}';
            end $$;
            """);

        Assert.Equal(new Noted("nota cambiada", 1), (await f.Store().ReadStreamAsync(T, id))[1].Data);
        var report = await Report(id);
        Assert.False(report.Valid);
        Assert.Equal(2, report.FirstInvalidVersion);
        Assert.Contains("hash mismatch", report.Reason);
    }

    [Fact]
    public async Task The_chain_is_verified_with_the_services_key()
    {
        var id = await AStreamOf(3);
        var withOtherKey = new MartenEventStore(f.Marten, f.AppSource, f.Settings with { ChainKey = new byte[32] });

        Assert.True((await Report(id)).Valid);
        var report = await withOtherKey.VerifyStreamAsync(T, id);
        Assert.False(report.Valid);
        Assert.Equal(1, report.FirstInvalidVersion);
    }
}
