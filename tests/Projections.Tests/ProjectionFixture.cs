using System.Text.Json;
using Atencion.EventStore;
using Atencion.EventStore.Reading;
using Atencion.EventStore.Marten;
using Atencion.EventStore.Marten.Store;
using Marten;
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
    public MartenEventStore Store { get; private set; } = null!;

    /// <summary>Marten's store on the serving role, configured as the service's (the fixture's clock).</summary>
    public DocumentStore Marten { get; private set; } = null!;

    public static readonly EventMetadata Ana = new("ana", "advisor", null, "phone", Guid.NewGuid());
    public static readonly EventMetadata Beto = new("beto", "specialist", null, "console", Guid.NewGuid());

    /// <summary>A store on the same database with its own clock: another node of the service.</summary>
    public MartenEventStore StoreWithClock(TimeProvider time)
    {
        var settings = Settings(time);
        var marten = time == Time && Marten is not null ? Marten : DocumentStore.For(opts =>
        {
            opts.Connection(DataSource);
            AtencionMarten.Configure(opts, settings);
        });
        return new MartenEventStore(marten, DataSource, settings, [new CaseViewProjection(Json), new EntityProjection(Json)]);
    }

    /// <summary>The service's Marten settings with the given clock.</summary>
    public static MartenSettings Settings(TimeProvider time) =>
        new(EventCatalog.Create(), ChainKey) { Upcasters = EventCatalog.Upcasters(), Time = time };

    private static readonly byte[] ChainKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    public CaseViews CaseViews => new(DataSource, Store, Json);

    public EntityRegistry Entities => new(DataSource, Json);

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateAsync(typeof(MartenEventStore).Assembly, typeof(EventCatalog).Assembly);
        await MartenSchema.ApplyAsync(Db.AdminConnectionString, TestDatabase.AppRole, Settings(Time));
        DataSource = EventStoreDataSource.Create(Db.AppConnectionString);
        Marten = DocumentStore.For(opts =>
        {
            opts.Connection(DataSource);
            AtencionMarten.Configure(opts, Settings(Time));
        });
        Store = StoreWithClock(Time);
    }

    public async Task DisposeAsync()
    {
        Marten.Dispose();
        await DataSource.DisposeAsync();
        await Db.DisposeAsync();
    }

    /// <summary>Every event appended so far, in batches of <paramref name="batchSize"/> in sequence order (the tests' appends have all returned).</summary>
    public async IAsyncEnumerable<IReadOnlyList<RecordedEvent>> FeedBatchesAsync(int batchSize)
    {
        var types = EventCatalog.Create();
        var after = 0L;
        while (true)
        {
            var batch = await LogReader.ReadAsync(DataSource, types, after, batchSize);
            if (batch.Count == 0) yield break;
            yield return batch;
            after = batch[^1].Seq;
        }
    }

    /// <summary>What a user would see of a value: its JSON under the service's convention.</summary>
    public string Show(object? value) => JsonSerializer.Serialize(value, Json);
}
