using System.Text.Json;
using Atencion.EventStore;
using Atencion.Projections.Cases;
using Atencion.Projections.Entities;
using Atencion.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Atencion.Projections.Tests;

/// <summary>One migrated database per test class, with the store wired as the service wires it: both inline projections, the event catalog.</summary>
public sealed class ProjectionFixture : IAsyncLifetime
{
    public TestDatabase Db { get; private set; } = null!;
    public NpgsqlDataSource DataSource { get; private set; } = null!;
    public JsonSerializerOptions Json { get; } = AtencionJson.Create();
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 13, 0, 0, TimeSpan.Zero));
    public PostgresEventStore Store { get; private set; } = null!;

    public static readonly EventMetadata Ana = new("ana", "advisor", null, "phone", Guid.NewGuid());
    public static readonly EventMetadata Beto = new("beto", "specialist", null, "console", Guid.NewGuid());

    /// <summary>A store on the same database with its own clock: another node of the service.</summary>
    public PostgresEventStore StoreWithClock(TimeProvider time) => new(DataSource, new EventStoreOptions
    {
        Types = EventCatalog.Create(),
        Time = time,
        InlineProjections = [new CaseViewProjection(Json), new EntityProjection(Json)],
    });

    public CaseViews CaseViews => new(DataSource, Store, Json);

    public EntityRegistry Entities => new(DataSource, Json);

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateAsync(typeof(PostgresEventStore).Assembly, typeof(EventCatalog).Assembly);
        DataSource = EventStoreDataSource.Create(Db.AppConnectionString);
        Store = StoreWithClock(Time);
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await Db.DisposeAsync();
    }

    /// <summary>What a user would see of a value: its JSON under the service's convention.</summary>
    public string Show(object? value) => JsonSerializer.Serialize(value, Json);
}
