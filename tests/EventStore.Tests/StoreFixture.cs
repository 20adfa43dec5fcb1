using System.Text.Json;
using Atencion.EventStore;
using Atencion.EventStore.Appending;
using Atencion.EventStore.Marten;
using Atencion.EventStore.Marten.Store;
using Marten;
using Atencion.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Atencion.EventStore.Tests;

public sealed record Opened(string Subject);
public sealed record Noted(string Text, int Number);

/// <summary>One migrated database per test class; each test uses its own streams (and tenants where it matters).</summary>
public sealed class StoreFixture : IAsyncLifetime
{
    public TestDatabase Db { get; private set; } = null!;
    public NpgsqlDataSource AppSource { get; private set; } = null!;
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 13, 0, 0, TimeSpan.Zero));
    public EventTypeRegistry Types { get; } = new EventTypeRegistry(new JsonSerializerOptions(JsonSerializerDefaults.Web))
        .Register<Opened>().Register<Noted>();

    public static readonly TenantId Tenant = new("tenant-a");
    public static readonly EventMetadata Who = new("ana", "advisor", null, "phone", Guid.NewGuid());

    /// <summary>The chain key: held by the service, never by the database.</summary>
    public byte[] ChainKey { get; } = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    /// <summary>The store's Marten settings: the test registry, the key and the fake clock.</summary>
    public MartenSettings Settings => new(Types, ChainKey) { Time = Time };

    /// <summary>Marten's store as the serving role (AutoCreate.None).</summary>
    public DocumentStore Marten { get; private set; } = null!;

    /// <summary>The service's event store on the serving role, with the given inline projections.</summary>
    public MartenEventStore Store(params IInlineProjection[] inline) => new(Marten, AppSource, Settings, inline);

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateAsync(typeof(MartenEventStore).Assembly);
        await MartenSchema.ApplyAsync(Db.AdminConnectionString, TestDatabase.AppRole, Settings);
        AppSource = EventStoreDataSource.Create(Db.AppConnectionString);
        Marten = DocumentStore.For(opts =>
        {
            opts.Connection(AppSource);
            AtencionMarten.Configure(opts, Settings);
        });
    }

    public async Task DisposeAsync()
    {
        Marten.Dispose();
        await AppSource.DisposeAsync();
        await Db.DisposeAsync();
    }
}
