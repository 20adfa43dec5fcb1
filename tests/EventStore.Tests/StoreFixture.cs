using System.Text.Json;
using Atencion.EventStore;
using Atencion.EventStore.Appending;
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

    public PostgresEventStore Store(params IInlineProjection[] inline) =>
        new(AppSource, new EventStoreOptions { Types = Types, Time = Time, InlineProjections = inline, ChainKey = ChainKey });

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateAsync(typeof(PostgresEventStore).Assembly);
        AppSource = EventStoreDataSource.Create(Db.AppConnectionString);
    }

    public async Task DisposeAsync()
    {
        await AppSource.DisposeAsync();
        await Db.DisposeAsync();
    }
}
