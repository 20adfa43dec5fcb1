using System.Reflection;
using Npgsql;

namespace Atencion.EventStore.Schema;

/// <summary>Applies the ordered, embedded <c>Migrations/*.sql</c> files of the given assemblies, once each, and grants the service role its rights.</summary>
/// <remarks>
/// Runs with an owner (admin) connection. The service itself connects as <see cref="AppRole"/>, which may read and
/// insert events but never update, delete or truncate them.
/// </remarks>
public sealed class Migrator(string adminConnectionString, string appRole, IEnumerable<Assembly> assemblies)
{
    /// <summary>The schema every table of the service lives in.</summary>
    public const string SchemaName = "atencion";

    /// <summary>The role the service connects as.</summary>
    public string AppRole { get; } = IsIdentifier(appRole) ? appRole : throw new ArgumentException($"'{appRole}' is not a valid role name.", nameof(appRole));

    /// <summary>The migrations found, ordered by file name across assemblies.</summary>
    public IReadOnlyList<(string Name, string Sql)> Migrations { get; } = assemblies
        .SelectMany(a => a.GetManifestResourceNames()
            .Where(n => n.Contains(".Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Name: n[(n.IndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..], Sql: Read(a, n))))
        .OrderBy(m => m.Name, StringComparer.Ordinal)
        .ToList();

    /// <summary>Applies what is missing and returns the names applied now; safe to run concurrently from several hosts.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(adminConnectionString);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // One migrator at a time across hosts; the lock ends with the transaction.
        await Exec(conn, "select pg_advisory_xact_lock(7411962001)", ct);
        await Exec(conn, $"""
            create schema if not exists {SchemaName};
            create table if not exists {SchemaName}.schema_migrations (
                name text primary key, applied_at timestamptz not null default now());
            """, ct);
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand($"select name from {SchemaName}.schema_migrations", conn))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) applied.Add(reader.GetString(0));

        var now = new List<string>();
        foreach (var (name, sql) in Migrations.Where(m => !applied.Contains(m.Name)))
        {
            try { await Exec(conn, sql, ct); }
            catch (PostgresException e) { throw new InvalidOperationException($"Migration {name} failed: {e.MessageText}", e); }
            await using var mark = new NpgsqlCommand($"insert into {SchemaName}.schema_migrations(name) values ($1)", conn);
            mark.Parameters.AddWithValue(name);
            await mark.ExecuteNonQueryAsync(ct);
            now.Add(name);
        }
        await GrantAsync(conn, ct);
        await tx.CommitAsync(ct);
        return now;
    }

    private async Task GrantAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var roleExists = (bool)(await new NpgsqlCommand($"select exists(select 1 from pg_roles where rolname = '{AppRole}')", conn).ExecuteScalarAsync(ct))!;
        if (!roleExists)
            throw new InvalidOperationException($"The service role '{AppRole}' does not exist; create it (ops/run does) before migrating.");
        // Re-granted on every run so tables added by later migrations are covered; events stay insert-only.
        await Exec(conn, $"""
            grant usage on schema {SchemaName} to {AppRole};
            grant select, insert, update, delete on all tables in schema {SchemaName} to {AppRole};
            grant usage, select on all sequences in schema {SchemaName} to {AppRole};
            revoke update, delete, truncate on {SchemaName}.events from {AppRole};
            revoke insert, update, delete, truncate on {SchemaName}.legacy_hash_boundary from {AppRole};
            revoke insert, update, delete, truncate on {SchemaName}.schema_migrations from {AppRole};
            """, ct);
    }

    private static async Task Exec(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static bool IsIdentifier(string s) =>
        s.Length is > 0 and < 64 && s.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_') && !char.IsDigit(s[0]);
}
