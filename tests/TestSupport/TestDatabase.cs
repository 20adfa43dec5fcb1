using System.Reflection;
using Atencion.EventStore.Schema;
using Npgsql;

namespace Atencion.TestSupport;

/// <summary>A fresh, migrated database on the throwaway cluster that ops/test starts; dropped when disposed.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string AppRole = "atencion_app";

    private TestDatabase(string name, string admin, string app)
    {
        Name = name;
        AdminConnectionString = admin;
        AppConnectionString = app;
    }

    /// <summary>The database's name.</summary>
    public string Name { get; }

    /// <summary>The cluster superuser on this database (migrations, and tests that tamper behind the service's back).</summary>
    public string AdminConnectionString { get; }

    /// <summary>The service role on this database: what the service itself connects as.</summary>
    public string AppConnectionString { get; }

    /// <summary>Creates a database, the service role if missing, and applies the migrations of the given assemblies.</summary>
    public static async Task<TestDatabase> CreateAsync(params Assembly[] migrationAssemblies)
    {
        var db = await CreateUnmigratedAsync();
        await new Migrator(db.AdminConnectionString, AppRole, migrationAssemblies).MigrateAsync();
        return db;
    }

    /// <summary>Creates an empty database and the service role if missing; the test applies what it needs (e.g. an older schema).</summary>
    public static async Task<TestDatabase> CreateUnmigratedAsync()
    {
        var server = Environment.GetEnvironmentVariable("ATENCION_TEST_PG");
        if (string.IsNullOrWhiteSpace(server))
            throw new InvalidOperationException(
                "ATENCION_TEST_PG is not set. Run the suite through ops/test, which starts a throwaway PostgreSQL and sets it.");
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var conn = new NpgsqlConnection(server))
        {
            await conn.OpenAsync();
            await Exec(conn, $"create database {name}");
            try { await Exec(conn, $"create role {AppRole} login"); }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.UniqueViolation) { }
        }
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true }.ConnectionString;
        var app = new NpgsqlConnectionStringBuilder(server) { Database = name, Username = AppRole, Pooling = true, MaxPoolSize = 50 }.ConnectionString;
        return new TestDatabase(name, admin, app);
    }

    /// <summary>The schema of the event log: Marten's tables and the chain's side tables.</summary>
    public const string EventSchema = "atencion_es";

    /// <summary>Counts the events of the whole database (tests prove bad input appends nothing).</summary>
    /// <remarks>Marten's own <c>tombstone</c> rows (left by a failed append in Rich mode) are not events of ours.</remarks>
    public async Task<long> CountEventsAsync()
    {
        await using var conn = new NpgsqlConnection(AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"select count(*) from {EventSchema}.mt_events where type <> 'tombstone'", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>The event types of one stream with the instants they were recorded, in version order.</summary>
    public async Task<List<(string Type, DateTimeOffset RecordedAt)>> EventsOfAsync(Guid streamId)
    {
        await using var conn = new NpgsqlConnection(AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"select type, timestamp from {EventSchema}.mt_events where stream_id = $1 order by version", conn);
        cmd.Parameters.AddWithValue(streamId);
        var list = new List<(string, DateTimeOffset)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) list.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        return list;
    }

    /// <summary>
    /// Runs SQL as a superuser editing the log behind the service's back (the serving role may not: its grants refuse
    /// it), so that the integrity checks are what must catch the edit.
    /// </summary>
    public Task TamperAsync(string sql) => ExecAsAdminAsync(sql);

    /// <summary>Runs SQL as the superuser.</summary>
    public async Task ExecAsAdminAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(AdminConnectionString);
        await conn.OpenAsync();
        await Exec(conn, sql);
    }

    public async ValueTask DisposeAsync()
    {
        var server = Environment.GetEnvironmentVariable("ATENCION_TEST_PG")!;
        await using var conn = new NpgsqlConnection(server);
        await conn.OpenAsync();
        await Exec(conn, $"drop database if exists {Name} with (force)");
    }

    private static async Task Exec(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
