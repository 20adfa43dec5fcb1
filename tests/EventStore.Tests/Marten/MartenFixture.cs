using System.Security.Cryptography;
using System.Text.Json;
using Atencion.EventStore.Marten;
using Atencion.EventStore.Marten.HashChain;
using Atencion.TestSupport;
using Marten;
using Npgsql;

namespace Atencion.EventStore.Tests.Marten;

/// <summary>One database per test class with Marten's schema applied by the owner and the service's store on the serving role.</summary>
public sealed class MartenFixture : IAsyncLifetime
{
    public const string Schema = "atencion_es";

    public TestDatabase Db { get; private set; } = null!;

    /// <summary>The service's store: the serving role, AutoCreate.None.</summary>
    public DocumentStore Store { get; private set; } = null!;

    /// <summary>Plain connections as the serving role (refusal tests).</summary>
    public NpgsqlDataSource AppSource { get; private set; } = null!;

    /// <summary>The chain key: held by the service, never by the database.</summary>
    public byte[] ChainKey { get; } = RandomNumberGenerator.GetBytes(32);

    /// <summary>One type under its default name, one under a name Marten would never choose.</summary>
    public EventTypeRegistry Types { get; } = new EventTypeRegistry(new JsonSerializerOptions(JsonSerializerDefaults.Web))
        .Register<Opened>().Register(typeof(Noted), "case.noted");

    public ChainVerifier Verifier => new(Schema, ChainKey);

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateUnmigratedAsync();
        var settings = new MartenSettings(Types, ChainKey);
        await MartenSchema.ApplyAsync(Db.AdminConnectionString, TestDatabase.AppRole, settings);
        Store = AtencionMarten.CreateStore(Db.AppConnectionString, settings);
        AppSource = NpgsqlDataSource.Create(Db.AppConnectionString);
    }

    /// <summary>Starts a stream of a subject and <paramref name="notes"/> notes in a tenant, as the serving role; returns its id.</summary>
    public async Task<Guid> StartAsync(string tenant, int notes = 3)
    {
        var id = Guid.NewGuid();
        await using var session = Store.LightweightSession(tenant);
        session.Events.StartStream(id, [new Opened("water bill"), .. Enumerable.Range(1, notes).Select(n => (object)new Noted($"note {n}", n))]);
        await session.SaveChangesAsync();
        return id;
    }

    /// <summary>Verifies one stream's chain with the key, reading as the serving role.</summary>
    public async Task<ChainBreak?> VerifyAsync(string tenant, Guid stream)
    {
        await using var conn = await AppSource.OpenConnectionAsync();
        return await Verifier.VerifyStreamAsync(conn, tenant, stream);
    }

    /// <summary>A scalar read as the superuser.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(Db.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        Store.Dispose();
        await AppSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await Db.DisposeAsync();
    }
}
