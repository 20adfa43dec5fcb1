using Atencion.EventStore.Schema;

namespace Atencion.EventStore.Tests;

public sealed class MigratorTests(StoreFixture f) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task Migrating_again_applies_nothing_and_keeps_the_data()
    {
        var id = Guid.NewGuid();
        await f.Store().AppendAsync(StoreFixture.Tenant, id, "case", ExpectedVersion.NoStream, [new Opened("kept")], StoreFixture.Who);

        var applied = await new Migrator(f.Db.AdminConnectionString, "atencion_app", [typeof(Atencion.EventStore.Marten.Store.MartenEventStore).Assembly]).MigrateAsync();

        Assert.Empty(applied);
        Assert.Single(await f.Store().ReadStreamAsync(StoreFixture.Tenant, id));
    }

    [Fact]
    public async Task Concurrent_migrators_do_not_collide()
    {
        var migrators = Enumerable.Range(0, 4)
            .Select(_ => new Migrator(f.Db.AdminConnectionString, "atencion_app", [typeof(Atencion.EventStore.Marten.Store.MartenEventStore).Assembly]).MigrateAsync());
        var results = await Task.WhenAll(migrators);
        Assert.All(results, Assert.Empty);
    }

    [Fact]
    public void Migrations_are_found_in_file_name_order()
    {
        var names = new Migrator("Host=unused", "atencion_app", [typeof(Atencion.EventStore.Marten.Store.MartenEventStore).Assembly]).Migrations.Select(m => m.Name).ToList();
        Assert.Contains("0001_event_store.sql", names);
        Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), names);
    }
}
