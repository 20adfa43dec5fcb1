using System.Security.Cryptography;
using System.Text.Json;
using Atencion.EventStore.Marten;
using Atencion.EventStore.Marten.HashChain;
using Atencion.EventStore.Marten.Store;
using Atencion.EventStore.Marten.Upgrade;
using Atencion.TestSupport;
using Npgsql;

namespace Atencion.EventStore.Tests.Marten;

/// <summary>The upgrade on a database filled by today's store through its own API: two tenants, several streams and types, metadata.</summary>
public sealed class EventLogUpgradeTests
{
    private static readonly TenantId A = new("tenant-a");
    private static readonly TenantId B = new("tenant-b");
    private static readonly EventMetadata Ana = new("ana", "advisor", "citizen-7", "phone", Guid.NewGuid(), Guid.NewGuid());

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly EventTypeRegistry _types = new EventTypeRegistry(new JsonSerializerOptions(JsonSerializerDefaults.Web))
        .Register<Opened>().Register(typeof(Noted), "case.noted");

    private MartenSettings Settings => new(_types, _key);

    [Fact]
    public async Task Upgraded_streams_read_through_Marten_as_the_old_store_read_them_and_the_new_chain_verifies()
    {
        await using var db = await TestDatabase.CreateAsync(typeof(Atencion.EventStore.Marten.Store.MartenEventStore).Assembly);
        await MartenSchema.ApplyAsync(db.AdminConnectionString, TestDatabase.AppRole, Settings);
        await using var oldSource = EventStoreDataSource.Create(db.AppConnectionString);
        var old = new Legacy.LegacyEventStore(oldSource, new EventStoreOptions { Types = _types, ChainKey = _key });
        var streams = await FillAsync(old);

        var report = await new EventLogUpgrade(Settings).RunAsync(db.AdminConnectionString);

        Assert.Equal((5L, 10L), (report.Streams, report.Events));
        using var martenStore = AtencionMarten.CreateStore(db.AppConnectionString, Settings);
        await using var appSource = NpgsqlDataSource.Create(db.AppConnectionString);
        var store = new MartenEventStore(martenStore, appSource, Settings);
        var seqs = new List<long>();
        foreach (var (tenant, id, type) in streams)
        {
            var before = await old.ReadStreamAsync(tenant, id);
            var after = await store.ReadStreamAsync(tenant, id);
            Assert.Equal(
                before.Select(e => (e.Tenant, e.StreamId, e.Version, e.EventId, e.EventType, e.RecordedAt, e.Data, e.Json, e.Metadata)),
                after.Select(e => (e.Tenant, e.StreamId, e.Version, e.EventId, e.EventType, e.RecordedAt, e.Data, e.Json, e.Metadata)));
            var state = await store.FetchStreamStateAsync(tenant, id);
            Assert.Equal((before.Count, type), (state!.Version, state.StreamType));
            seqs.AddRange(after.Select(e => e.Seq));
        }
        Assert.Equal(Enumerable.Range(1, 10).Select(n => (long)n), seqs.Order());

        await using (var conn = await appSource.OpenConnectionAsync())
            Assert.Empty(await new ChainVerifier(Settings.SchemaName, _key).VerifyAsync(conn));

        // The copied stream goes on under Marten at the next version and sequence number.
        var (t, s, _) = streams[0];
        var next = await store.AppendAsync(t, s, "case", ExpectedVersion.Exactly(3), [new Noted("after", 9)], Ana);
        Assert.Equal((4L, 11L), (next.Version, next.Events.Single().Seq));

        var again = await Assert.ThrowsAsync<EventLogUpgradeRefusedException>(() => new EventLogUpgrade(Settings).RunAsync(db.AdminConnectionString));
        Assert.Contains("already upgraded", again.Reason);
    }

    [Fact]
    public async Task An_old_log_with_a_tampered_event_is_refused_and_nothing_is_copied()
    {
        await using var db = await TestDatabase.CreateAsync(typeof(Atencion.EventStore.Marten.Store.MartenEventStore).Assembly);
        await MartenSchema.ApplyAsync(db.AdminConnectionString, TestDatabase.AppRole, Settings);
        await using var oldSource = EventStoreDataSource.Create(db.AppConnectionString);
        var old = new Legacy.LegacyEventStore(oldSource, new EventStoreOptions { Types = _types, ChainKey = _key });
        var streams = await FillAsync(old);
        var (tenant, id, _) = streams[0];
        // The old log's append-only trigger is off while a superuser edits it.
        await db.TamperAsync($$"""
            alter table atencion.events disable trigger events_append_only;
            update atencion.events set data = jsonb_set(data, '{text}', '"altered"') where tenant_id = '{{tenant.Value}}' and stream_id = '{{id}}' and version = 2;
            alter table atencion.events enable trigger events_append_only;
            """);

        var refused = await Assert.ThrowsAsync<EventLogUpgradeRefusedException>(() => new EventLogUpgrade(Settings).RunAsync(db.AdminConnectionString));

        Assert.Contains(id.ToString(), refused.Reason);
        await using var conn = new NpgsqlConnection(db.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"""
            select (select count(*) from atencion_es.mt_events) + (select count(*) from atencion_es.mt_streams)
                 + (select count(*) from atencion_es.{ChainTables.EventHashes}), to_regclass('atencion_es.{EventLogUpgrade.Marker}') is null
            """, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        Assert.Equal((0L, true), (r.GetInt64(0), r.GetBoolean(1)));
    }

    // Five streams, ten events; one stream id in both tenants; appends interleave so the feed order is not the stream order.
    private static async Task<List<(TenantId Tenant, Guid Id, string Type)>> FillAsync(Legacy.LegacyEventStore old)
    {
        var shared = Guid.NewGuid();
        var caseA = (A, shared, "case");
        var caseB = (B, shared, "case");
        var turn = (A, Guid.NewGuid(), "turn");
        var job = (A, Guid.NewGuid(), "job");
        var other = (B, Guid.NewGuid(), "case");
        await old.AppendAsync(A, shared, "case", ExpectedVersion.NoStream, [new Opened("water bill"), new Noted("first", 1)], Ana);
        await old.AppendAsync(B, shared, "case", ExpectedVersion.NoStream, [new Opened("other tenant")], Ana with { Role = "citizen", OnBehalfOf = null });
        await old.AppendAsync(A, turn.Item2, "turn", ExpectedVersion.NoStream, [new Opened("turn 7")], Ana with { Channel = "in-person" });
        await old.AppendAsync(A, shared, "case", ExpectedVersion.Exactly(2), [new Noted("second", 2)], Ana with { CausationId = null });
        await old.AppendAsync(A, job.Item2, "job", ExpectedVersion.NoStream, [new Opened("nightly")], EventMetadata.System());
        await old.AppendAsync(B, other.Item2, "case", ExpectedVersion.NoStream, [new Opened("b"), new Noted("b1", 1), new Noted("b2", 2)], Ana);
        await old.AppendAsync(A, turn.Item2, "turn", ExpectedVersion.Any, [new Noted("called", 1)], EventMetadata.System("kiosk"));
        return [caseA, caseB, turn, job, other];
    }
}
