using Atencion.EventStore.Marten.HashChain;

namespace Atencion.EventStore.Tests.Marten;

/// <summary>A superuser edits the log behind the service's back; the verifier, holding the key, names the first version that no longer checks out.</summary>
public sealed class HashChainTamperTests(MartenFixture f) : IClassFixture<MartenFixture>
{
    private const string Tenant = "tenant-a";

    /// <summary>Starts a stream v1..v4, runs the edit with <c>{s}</c> as the stream id, and verifies it.</summary>
    private async Task<ChainBreak?> TamperAsync(string sql)
    {
        var id = await f.StartAsync(Tenant);
        Assert.Null(await f.VerifyAsync(Tenant, id));
        await f.Db.ExecAsAdminAsync(sql.Replace("{s}", id.ToString()));
        return await f.VerifyAsync(Tenant, id);
    }

    [Fact]
    public async Task An_edited_payload_is_named_at_its_version()
    {
        var found = await TamperAsync("update atencion_es.mt_events set data = jsonb_set(data, '{text}', '\"edited\"') where stream_id = '{s}' and version = 2");
        Assert.Equal(2, found?.Version);
        Assert.Contains("hash mismatch", found!.Reason);
    }

    [Theory]
    [InlineData("headers = '{\"role\": \"supervisor\"}'::jsonb", 3)]
    [InlineData("user_name = 'mallory'", 2)]
    [InlineData("correlation_id = 'other'", 4)]
    [InlineData("timestamp = timestamp - interval '1 day'", 1)]
    [InlineData("type = 'Opened'", 3)]
    public async Task Edited_metadata_is_named_at_its_version(string set, long version)
    {
        var found = await TamperAsync($"update atencion_es.mt_events set {set} where stream_id = '{{s}}' and version = {version}");
        Assert.Equal(version, found?.Version);
    }

    [Fact]
    public async Task A_deleted_tail_with_the_stream_version_set_back_is_caught_by_the_head()
    {
        var found = await TamperAsync("""
            delete from atencion_es.mt_events where stream_id = '{s}' and version = 4;
            delete from atencion_es.event_hashes where stream_id = '{s}' and version = 4;
            update atencion_es.mt_streams set version = 3 where id = '{s}';
            """);
        Assert.Equal(4, found?.Version);
        Assert.Contains("tail deleted", found!.Reason);
    }

    [Fact]
    public async Task A_deleted_tail_with_the_head_set_back_too_fails_the_head_mac()
    {
        var found = await TamperAsync("""
            delete from atencion_es.mt_events where stream_id = '{s}' and version = 4;
            delete from atencion_es.event_hashes where stream_id = '{s}' and version = 4;
            update atencion_es.mt_streams set version = 3 where id = '{s}';
            update atencion_es.stream_heads set version = 3,
                last_hash = (select hash from atencion_es.event_hashes where stream_id = '{s}' and version = 3)
                where stream_id = '{s}';
            """);
        Assert.Equal(3, found?.Version);
        Assert.Contains("MAC", found!.Reason);
    }

    [Fact]
    public async Task A_deleted_event_whose_hash_row_remains_is_named()
    {
        var found = await TamperAsync("delete from atencion_es.mt_events where stream_id = '{s}' and version = 4");
        Assert.Equal(4, found?.Version);
        Assert.Contains("event deleted", found!.Reason);
    }

    [Fact]
    public async Task Swapped_versions_are_named_at_the_first()
    {
        var found = await TamperAsync("""
            update atencion_es.mt_events set version = -2 where stream_id = '{s}' and version = 2;
            update atencion_es.mt_events set version = 2 where stream_id = '{s}' and version = 3;
            update atencion_es.mt_events set version = 3 where stream_id = '{s}' and version = -2;
            update atencion_es.event_hashes set version = -2 where stream_id = '{s}' and version = 2;
            update atencion_es.event_hashes set version = 2 where stream_id = '{s}' and version = 3;
            update atencion_es.event_hashes set version = 3 where stream_id = '{s}' and version = -2;
            """);
        Assert.Equal(2, found?.Version);
    }

    private const string ForgeV5 = """
        create temp table forged as select * from atencion_es.mt_events where stream_id = '{s}' and version = 4;
        update forged set seq_id = nextval('atencion_es.mt_events_sequence'), id = gen_random_uuid(), version = 5,
            data = '{"text": "forged", "number": 5}'::jsonb;
        insert into atencion_es.mt_events select * from forged;
        update atencion_es.mt_streams set version = 5 where id = '{s}';
        """;

    [Fact]
    public async Task A_forged_event_without_a_hash_row_is_named()
    {
        var found = await TamperAsync(ForgeV5);
        Assert.Equal(5, found?.Version);
        Assert.Contains("without hash row", found!.Reason);
    }

    [Fact]
    public async Task A_forged_event_with_a_made_up_hash_row_is_named()
    {
        var found = await TamperAsync(ForgeV5 + """
            insert into atencion_es.event_hashes (tenant_id, stream_id, version, seq_id, hash)
                select tenant_id, stream_id, version, seq_id, sha256('made up') from forged;
            """);
        Assert.Equal(5, found?.Version);
        Assert.Contains("hash mismatch", found!.Reason);
    }

    [Fact]
    public async Task A_stream_version_moved_ahead_is_named_at_the_first_missing_version()
    {
        var found = await TamperAsync("update atencion_es.mt_streams set version = 7 where id = '{s}'");
        Assert.Equal(5, found?.Version);
    }

    [Fact]
    public async Task An_edited_head_fails_its_mac()
    {
        var found = await TamperAsync("update atencion_es.stream_heads set version = 2 where stream_id = '{s}'");
        Assert.Contains("MAC", found?.Reason);
    }

    [Fact]
    public async Task A_stream_moved_to_another_tenant_fails_at_its_first_event()
    {
        var id = await f.StartAsync(Tenant);
        // replica mode skips the foreign keys between mt_events and mt_streams while the superuser moves both.
        await f.Db.ExecAsAdminAsync($"""
            set session_replication_role = replica;
            update atencion_es.mt_events set tenant_id = 'tenant-z' where stream_id = '{id}';
            update atencion_es.mt_streams set tenant_id = 'tenant-z' where id = '{id}';
            update atencion_es.event_hashes set tenant_id = 'tenant-z' where stream_id = '{id}';
            update atencion_es.stream_heads set tenant_id = 'tenant-z' where stream_id = '{id}';
            set session_replication_role = origin;
            """);
        Assert.Equal(1, (await f.VerifyAsync("tenant-z", id))?.Version);
    }
}
