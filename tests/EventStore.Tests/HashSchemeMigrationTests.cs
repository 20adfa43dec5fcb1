using System.Text.Json;
using Atencion.EventStore.Integrity;
using Atencion.EventStore.Schema;
using Atencion.TestSupport;
using Npgsql;

namespace Atencion.EventStore.Tests;

/// <summary>
/// A database whose events were appended before hash scheme 2 (migrations 0001–0003 and the append statement of that
/// time, kept verbatim below) keeps verifying after migration 0004, and its streams go on under scheme 2.
/// </summary>
public sealed class HashSchemeMigrationTests : IAsyncLifetime
{
    private static readonly TenantId T = StoreFixture.Tenant;
    private readonly byte[] _key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
    private readonly EventTypeRegistry _types = new EventTypeRegistry(new JsonSerializerOptions(JsonSerializerDefaults.Web)).Register<Opened>().Register<Noted>();
    private TestDatabase _db = null!;
    private NpgsqlDataSource _app = null!;

    // The single-event append as it was before migration 0004 (AppendSql's One(PriorExact, ClaimExact), and the
    // first event through PriorNew/ClaimNew), with the scheme-1 canonical text.
    private const string LegacyDigest = """
        sha256(convert_to(@prefix || (p.base + 1)::text || E'\n' || x.event_type || E'\n' || @micros::text
                          || E'\n' || x.data::text || E'\n' || x.metadata::text, 'UTF8'))
        """;

    private static string LegacyOne(string prior, string claim) => $"""
        with
        prior as ({prior}),
        x as (select (@ids::uuid[])[1] as event_id, (@types::text[])[1] as event_type,
                     (@datas::text[])[1]::jsonb as data, (@metas::text[])[1]::jsonb as metadata),
        head as (select sha256(@opad || sha256(@ipad || p.prev || {LegacyDigest})) as hash
                 from prior p cross join x),
        claim as ({claim})
        insert into atencion.events (tenant_id, stream_id, version, event_id, event_type, data, metadata, recorded_at, hash)
        select @tenant, @stream, c.base + 1, x.event_id, x.event_type, x.data, x.metadata, @now, h.hash
        from claim c cross join x cross join head h
        returning seq
        """;

    private static readonly string LegacyNew = LegacyOne("select 0::bigint as base, ''::bytea as prev", """
        insert into atencion.streams (tenant_id, stream_id, stream_type, version, created_at, updated_at, last_hash, last_tx)
        select @tenant, @stream, @stream_type, @k, @now, @now, hash, pg_current_xact_id() from head
        on conflict do nothing
        returning 0::bigint as base
        """);

    private static readonly string LegacyExact = LegacyOne("""
        select s.version as base, s.last_hash as prev from atencion.streams s
        where s.tenant_id = @tenant and s.stream_id = @stream and s.version = @expected and not s.archived
        """, """
        update atencion.streams s set version = s.version + @k, updated_at = @now, last_hash = (select hash from head),
            last_tx = pg_current_xact_id()
        where s.tenant_id = @tenant and s.stream_id = @stream and s.version = @expected and not s.archived
          and (s.last_tx is null or s.last_tx <= pg_current_xact_id())
          and exists (select 1 from prior)
        returning s.version - @k as base
        """);

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateUnmigratedAsync();
        var migrator = new Migrator(_db.AdminConnectionString, TestDatabase.AppRole, [typeof(PostgresEventStore).Assembly]);
        await using var conn = new NpgsqlConnection(_db.AdminConnectionString);
        await conn.OpenAsync();
        await Exec(conn, "create schema atencion; create table atencion.schema_migrations (name text primary key, applied_at timestamptz not null default now());");
        foreach (var (name, sql) in migrator.Migrations.Where(m => string.CompareOrdinal(m.Name, "0004") < 0))
        {
            await Exec(conn, sql);
            await Exec(conn, $"insert into atencion.schema_migrations (name) values ('{name}')");
        }
        _app = EventStoreDataSource.Create(_db.AppConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    private PostgresEventStore Store() => new(_app, new EventStoreOptions { Types = _types, ChainKey = _key });

    private async Task LegacyAppendAsync(Guid stream, long expected, object e)
    {
        await using var conn = new NpgsqlConnection(_db.AdminConnectionString);
        await conn.OpenAsync();
        var (ipad, opad) = EventHash.Pads(_key);
        var now = EventHash.TruncateToMicros(DateTimeOffset.UtcNow);
        await using var cmd = new NpgsqlCommand(expected == 0 ? LegacyNew : LegacyExact, conn);
        var p = cmd.Parameters;
        p.AddWithValue("tenant", T.Value);
        p.AddWithValue("stream", stream);
        p.AddWithValue("stream_type", "case");
        p.AddWithValue("expected", expected);
        p.AddWithValue("k", 1L);
        p.AddWithValue("now", now);
        p.AddWithValue("micros", EventHash.ToMicros(now));
        p.AddWithValue("prefix", $"{T.Value}\n{stream:D}\n");
        p.AddWithValue("ids", new[] { Guid.CreateVersion7() });
        p.AddWithValue("types", new[] { _types.NameOf(e) });
        p.AddWithValue("datas", new[] { _types.Serialize(e) });
        p.AddWithValue("metas", new[] { _types.SerializeMetadata(StoreFixture.Who) });
        p.AddWithValue("ipad", ipad);
        p.AddWithValue("opad", opad);
        Assert.NotNull(await cmd.ExecuteScalarAsync());
    }

    private async Task<Guid> ALegacyStreamAsync()
    {
        var id = Guid.NewGuid();
        await LegacyAppendAsync(id, 0, new Opened("antes de la migración"));
        await LegacyAppendAsync(id, 1, new Noted("nota 1", 1));
        await LegacyAppendAsync(id, 2, new Noted("nota 2", 2));
        return id;
    }

    private async Task MigrateAsync() =>
        Assert.Contains("0004_hash_scheme_and_head_mac.sql",
            await new Migrator(_db.AdminConnectionString, TestDatabase.AppRole, [typeof(PostgresEventStore).Assembly]).MigrateAsync());

    private async Task<List<short>> SchemesOfAsync(Guid id)
    {
        await using var cmd = _app.CreateCommand($"select hash_scheme from atencion.events where stream_id = '{id}' order by version");
        var list = new List<short>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add(r.GetInt16(0));
        return list;
    }

    [Fact]
    public async Task Events_hashed_before_the_migration_still_verify_and_new_ones_use_scheme_2()
    {
        var id = await ALegacyStreamAsync();
        await MigrateAsync();

        var before = await Store().VerifyStreamAsync(T, id);
        Assert.True(before.Valid, before.Reason);
        Assert.Equal(3, before.Events);

        await Store().AppendAsync(T, id, "case", ExpectedVersion.Exactly(3), [new Noted("después", 3), new Noted("y otra", 4)], StoreFixture.Who);
        var after = await Store().VerifyStreamAsync(T, id);
        Assert.True(after.Valid, after.Reason);
        Assert.Equal(5, after.Events);
        Assert.Equal([1, 1, 1, 2, 2], await SchemesOfAsync(id));
    }

    [Fact]
    public async Task A_legacy_stream_left_alone_has_no_head_mac_and_still_verifies()
    {
        var id = await ALegacyStreamAsync();
        await MigrateAsync();
        Assert.True((await Store().VerifyStreamAsync(T, id)).Valid);
    }

    [Fact]
    public async Task An_event_that_claims_scheme_1_after_a_scheme_2_event_is_a_downgrade()
    {
        var id = await ALegacyStreamAsync();
        await MigrateAsync();
        await Store().AppendAsync(T, id, "case", ExpectedVersion.Exactly(3), [new Noted("después", 3)], StoreFixture.Who);
        await Store().AppendAsync(T, id, "case", ExpectedVersion.Exactly(4), [new Noted("después", 4)], StoreFixture.Who);
        await _db.TamperAsync($"""
            update atencion.events set hash_scheme = 1 where stream_id = '{id}' and version = 5;
            """);
        var report = await Store().VerifyStreamAsync(T, id);
        Assert.False(report.Valid);
        Assert.Equal(5, report.FirstInvalidVersion);
        Assert.Contains("downgrade", report.Reason);
    }

    [Fact]
    public async Task An_event_stored_after_the_migration_cannot_claim_scheme_1()
    {
        await MigrateAsync();
        var id = Guid.NewGuid();
        await Store().AppendAsync(T, id, "case", ExpectedVersion.NoStream, [new Opened("nuevo")], StoreFixture.Who);
        await _db.TamperAsync($"""
            update atencion.events set hash_scheme = 1 where stream_id = '{id}';
            """);
        var report = await Store().VerifyStreamAsync(T, id);
        Assert.False(report.Valid);
        Assert.Equal(1, report.FirstInvalidVersion);
        Assert.Contains("after scheme 2 was adopted", report.Reason);
    }

    [Fact]
    public async Task After_the_migration_a_writer_that_does_not_name_the_scheme_is_refused()
    {
        await ALegacyStreamAsync();
        await MigrateAsync();
        // A node still running the old append statement fails instead of adding scheme-1 events.
        var e = await Assert.ThrowsAsync<PostgresException>(() => LegacyAppendAsync(Guid.NewGuid(), 0, new Opened("nodo viejo")));
        Assert.Equal(PostgresErrorCodes.NotNullViolation, e.SqlState);
    }

    private static async Task Exec(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
