namespace Atencion.EventStore.Tests;

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

    private Task Tamper(string set, Guid id, long version) => f.Db.TamperAsync($"""
        update atencion.events set {set} where stream_id = '{id}' and version = {version};
        """);

    [Fact]
    public async Task An_untouched_stream_verifies()
    {
        var id = await AStreamOf(5);
        var report = await f.Store().VerifyStreamAsync(T, id);
        Assert.True(report.Valid, report.Reason);
        Assert.Equal(5, report.Events);
        Assert.Null(report.FirstInvalidVersion);
    }

    [Fact]
    public async Task Each_hash_chains_to_the_previous_event()
    {
        var id = await AStreamOf(3);
        var events = await f.Store().ReadStreamAsync(T, id);
        Assert.All(events, e => Assert.Equal(32, e.Hash.Length));
        Assert.Equal(3, events.Select(e => Convert.ToHexString(e.Hash)).Distinct().Count());
    }

    [Theory]
    [InlineData("data = jsonb_set(data, '{text}', '\"nota cambiada\"')")]
    [InlineData("metadata = jsonb_set(metadata, '{userId}', '\"mallory\"')")]
    [InlineData("recorded_at = recorded_at - interval '1 day'")]
    [InlineData("event_type = 'Opened'")]
    [InlineData("event_id = gen_random_uuid()")]
    [InlineData("tx_id = (tx_id::text::bigint + 1)::text::xid8")]
    public async Task A_superuser_edit_is_detected_at_the_edited_event(string set)
    {
        var id = await AStreamOf(5);
        await Tamper(set, id, 3);

        var report = await f.Store().VerifyStreamAsync(T, id);
        Assert.False(report.Valid);
        Assert.Equal(3, report.FirstInvalidVersion);
    }

    [Fact]
    public async Task A_forger_without_the_chain_key_cannot_rehash_an_edited_event()
    {
        var id = await AStreamOf(5);
        // A careful forger recomputes the edited event's link with SHA-256 (all the database could know); without the
        // service's HMAC key the link does not verify.
        const string forged = "jsonb_set(data, '{text}', '\"x\"')";
        await Tamper($"""
            data = {forged},
            hash = sha256((select p.hash from atencion.events p where p.stream_id = events.stream_id and p.version = 1)
                || sha256(convert_to(tenant_id || E'\n' || stream_id::text || E'\n' || version::text || E'\n' || event_type || E'\n'
                   || (extract(epoch from recorded_at) * 1000000)::bigint::text || E'\n' || ({forged})::text || E'\n' || metadata::text, 'UTF8')))
            """, id, 2);

        var report = await f.Store().VerifyStreamAsync(T, id);
        Assert.False(report.Valid);
        Assert.Equal(2, report.FirstInvalidVersion);
    }

    [Fact]
    public async Task The_chain_is_computed_with_the_services_key()
    {
        var id = await AStreamOf(3);
        var withOtherKey = new PostgresEventStore(f.AppSource, new EventStoreOptions { Types = f.Types, ChainKey = new byte[32] });
        Assert.True((await f.Store().VerifyStreamAsync(T, id)).Valid);
        var report = await withOtherKey.VerifyStreamAsync(T, id);
        Assert.False(report.Valid);
        Assert.Equal(1, report.FirstInvalidVersion);
    }

    [Fact]
    public async Task A_rewritten_tail_is_detected_against_the_streams_head()
    {
        var id = await AStreamOf(4);
        // Replace the last event's hash with the valid hash of an earlier state: its own link is fine only if the
        // forger had the key, so instead the test swaps the head, as a forger hiding a removed tail would.
        await f.Db.ExecAsAdminAsync($"update atencion.streams set last_hash = sha256('x') where stream_id = '{id}'");
        var report = await f.Store().VerifyStreamAsync(T, id);
        Assert.False(report.Valid);
        Assert.Equal(4, report.FirstInvalidVersion);
    }

    [Fact]
    public async Task A_valid_report_gives_the_head_hash_for_auditors_to_record()
    {
        var id = await AStreamOf(3);
        var report = await f.Store().VerifyStreamAsync(T, id);
        var last = (await f.Store().ReadStreamAsync(T, id))[^1];
        Assert.Equal(Convert.ToHexStringLower(last.Hash), report.HeadHash);
    }

    [Fact]
    public async Task A_deleted_event_is_detected()
    {
        var id = await AStreamOf(4);
        await f.Db.TamperAsync($"""
            delete from atencion.events where stream_id = '{id}' and version = 4;
            """);
        var report = await f.Store().VerifyStreamAsync(T, id);
        Assert.False(report.Valid);
        Assert.Equal(4, report.FirstInvalidVersion);
    }

    [Fact]
    public async Task An_event_moved_in_the_feed_by_changing_its_sequence_number_is_detected()
    {
        var id = await AStreamOf(4);
        await f.Db.TamperAsync($"""
            alter table atencion.events alter column seq set generated by default;
            update atencion.events set seq = seq + 1000000 where stream_id = '{id}' and version = 2;
            alter table atencion.events alter column seq set generated always;
            """);
        var report = await f.Store().VerifyStreamAsync(T, id);
        Assert.False(report.Valid);
        Assert.Equal(2, report.FirstInvalidVersion);
    }

    [Fact]
    public async Task A_removed_tail_with_the_head_set_back_is_detected_without_an_earlier_receipt()
    {
        var id = await AStreamOf(4);
        // The superuser removes the last event and rolls the stream row back to the previous version and hash, so that
        // the remaining chain and the head agree; only the head's MAC, which needs the key, gives it away.
        await f.Db.TamperAsync($"""
            delete from atencion.events where stream_id = '{id}' and version = 4;
            update atencion.streams set version = 3,
                last_hash = (select hash from atencion.events where stream_id = '{id}' and version = 3)
            where stream_id = '{id}';
            """);
        var report = await f.Store().VerifyStreamAsync(T, id);
        Assert.False(report.Valid);
        Assert.Equal(3, report.Events);
        Assert.Contains("head", report.Reason);
    }

    [Fact]
    public async Task Events_whose_stream_head_was_deleted_are_reported_as_tampering()
    {
        var id = await AStreamOf(3);
        await f.Db.ExecAsAdminAsync($"delete from atencion.streams where stream_id = '{id}'");
        var report = await f.Store().VerifyStreamAsync(T, id);
        Assert.False(report.Valid);
        Assert.Equal(3, report.Events);
        Assert.Contains("head", report.Reason);
    }

    [Fact]
    public async Task A_stream_head_without_events_is_reported_as_tampering()
    {
        var id = await AStreamOf(2);
        await f.Db.TamperAsync($"""
            delete from atencion.events where stream_id = '{id}';
            """);
        var report = await f.Store().VerifyStreamAsync(T, id);
        Assert.False(report.Valid);
        Assert.Equal(0, report.Events);
    }
}
