using System.Text.Json;
using Atencion.EventStore;
using Atencion.EventStore.Feed;
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

    /// <summary>
    /// Every event appended so far, in feed batches of <paramref name="batchSize"/>. The feed holds back events of
    /// transactions newer than the oldest one still running anywhere in the cluster (another test class, another test
    /// assembly), so an empty batch is the end only when nothing is left behind the position; otherwise it waits.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<RecordedEvent>> FeedBatchesAsync(int batchSize)
    {
        var feed = new GlobalFeed(DataSource, EventCatalog.Create());
        var position = FeedPosition.Start;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var batch = await feed.ReadAsync(position, batchSize);
            if (batch.Count > 0)
            {
                yield return batch;
                position = FeedPosition.After(batch[^1]);
                continue;
            }
            if ((await feed.LagAsync(position)).Events == 0) yield break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The feed stayed behind its head for 30 s: a transaction elsewhere in the cluster never ended.");
            await Task.Delay(20);
        }
    }

    /// <summary>What a user would see of a value: its JSON under the service's convention.</summary>
    public string Show(object? value) => JsonSerializer.Serialize(value, Json);
}
