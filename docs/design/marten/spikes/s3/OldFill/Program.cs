// Fills schema `atencion` of s3_es with the CURRENT product's hand-made store (old code), then verifies its chains.
using System.Text.Json;
using System.Text.Json.Serialization;
using Atencion.EventStore;
using Atencion.EventStore.Schema;
using Npgsql;

const string host = "Host=127.0.0.1;Port=34079;Database=s3_es;";
var key = Convert.FromHexString("8f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0");
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never };
var types = new EventTypeRegistry(json)
    .Register(typeof(CaseOpened), "case_opened").Register(typeof(NoteAdded), "note_added")
    .Register(typeof(CaseClosed), "case_closed").Register(typeof(LegacyThing), "legacy_thing");

if (args.FirstOrDefault() == "verify")
{
    await using var ds0 = NpgsqlDataSource.Create(host + "Username=s3_svc");
    var st0 = new PostgresEventStore(ds0, new EventStoreOptions { Types = types, ChainKey = key });
    await using var c0 = await ds0.OpenConnectionAsync();
    var all = new List<(string, Guid)>();
    await using (var r = await new NpgsqlCommand("select tenant_id, stream_id from atencion.streams order by 1,2", c0).ExecuteReaderAsync())
        while (await r.ReadAsync()) all.Add((r.GetString(0), r.GetGuid(1)));
    var bad = 0;
    foreach (var (t, s) in all) { var rep = await st0.VerifyStreamAsync(new TenantId(t), s); if (!rep.Valid) { bad++; Console.WriteLine($"old chain INVALID {t}/{s}: v{rep.FirstInvalidVersion} {rep.Reason}"); } }
    Console.WriteLine($"old-store verify: {all.Count} streams, {bad} invalid");
    return;
}

var applied = await new Migrator(host + "Username=s3_owner", "s3_svc", [typeof(PostgresEventStore).Assembly]).MigrateAsync();
Console.WriteLine("old migrations applied: " + string.Join(", ", applied));

await using var ds = NpgsqlDataSource.Create(host + "Username=s3_svc");
var store = new PostgresEventStore(ds, new EventStoreOptions { Types = types, ChainKey = key });
EventMetadata Meta(string user, Guid? cause = null) => new(user, "advisor", "citizen-7", "chat", Guid.NewGuid(), cause);

var a = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001");
var b = Guid.Parse("bbbbbbbb-0000-0000-0000-000000000002");
var c = Guid.Parse("cccccccc-0000-0000-0000-000000000003");
var t1 = new TenantId("t1");
var t2 = new TenantId("t2");
await store.AppendAsync(t1, a, "case", ExpectedVersion.NoStream, [new CaseOpened("water bill", "chat")], Meta("ana"));
await store.AppendAsync(t1, a, "case", ExpectedVersion.Exactly(1), [new NoteAdded("called back"), new NoteAdded("sent letter")], Meta("ana", Guid.NewGuid()));
await store.AppendAsync(t2, a, "case", ExpectedVersion.NoStream, [new CaseOpened("same id other tenant", "web")], Meta("luis"));
await store.AppendAsync(t1, b, "case", ExpectedVersion.NoStream, [new CaseOpened("has a legacy event", "phone"), new LegacyThing(42)], Meta("ana"));
await store.AppendAsync(t1, c, "case", ExpectedVersion.NoStream, [new CaseOpened("to be archived", "web"), new CaseClosed("done")], Meta("ana"));
await store.AppendAsync(t2, a, "case", ExpectedVersion.Exactly(1), [new NoteAdded("t2 note")], Meta(null!));
for (var i = 0; i < 20; i++)
{
    var s = Guid.NewGuid();
    await store.AppendAsync(t1, s, "case", ExpectedVersion.NoStream, [new CaseOpened($"bulk {i}", "email")], Meta("bot"));
    for (var j = 0; j < 4; j++) await store.AppendAsync(t1, s, "case", ExpectedVersion.Any, [new NoteAdded($"n{j}")], Meta("bot"));
}
await using (var owner = new NpgsqlConnection(host + "Username=s3_owner"))
{
    await owner.OpenAsync();
    await new NpgsqlCommand($"update atencion.streams set archived = true where stream_id = '{c}'", owner).ExecuteNonQueryAsync();
}
Console.WriteLine("old store filled");

public record CaseOpened(string Subject, string Channel);
public record NoteAdded(string Text);
public record CaseClosed(string Reason);
public record LegacyThing(int N);
