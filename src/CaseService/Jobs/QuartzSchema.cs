using Npgsql;

namespace Atencion.CaseService.Jobs;

/// <summary>Creates Quartz's tables in their own schema (<c>quartz</c>) with the owner connection, and grants the service role their use.</summary>
/// <remarks>
/// Quartz can create its schema itself when the scheduler starts, but then the service's role would need the right
/// to create tables, and two hosts starting together would race each other's <c>create table</c>. Here it runs with
/// the migrations: under an advisory lock, with the owner role, from the script Quartz ships (every statement
/// creates only what is missing). The scheduler then only validates the schema.
/// </remarks>
public static class QuartzSchema
{
    /// <summary>The schema Quartz's tables live in.</summary>
    public const string Schema = "quartz";

    /// <summary>The table prefix the job store is configured with.</summary>
    public const string TablePrefix = Schema + ".qrtz_";

    /// <summary>Creates what is missing and grants the service role select, insert, update and delete on it.</summary>
    public static async Task ProvisionAsync(string adminConnectionString, string appRole, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(adminConnectionString);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await ExecAsync(conn, tx, "select pg_advisory_xact_lock(7411962002)", ct);
        await ExecAsync(conn, tx, $"create schema if not exists {Schema}", ct);
        foreach (var statement in Script().Split("\n--;;", StringSplitOptions.RemoveEmptyEntries))
        {
            var sql = statement.Replace("{0}", TablePrefix, StringComparison.Ordinal).Replace("{1}", "qrtz_", StringComparison.Ordinal);
            if (sql.Split('\n').All(line => line.TrimStart().StartsWith("--", StringComparison.Ordinal) || string.IsNullOrWhiteSpace(line))) continue;
            await ExecAsync(conn, tx, sql, ct);
        }
        var role = new NpgsqlCommandBuilder().QuoteIdentifier(appRole);
        await ExecAsync(conn, tx, $"""
            grant usage on schema {Schema} to {role};
            grant select, insert, update, delete on all tables in schema {Schema} to {role};
            """, ct);
        await tx.CommitAsync(ct);
    }

    private static string Script()
    {
        using var stream = typeof(Quartz.IJob).Assembly.GetManifestResourceStream("Quartz.Impl.AdoJobStore.Schema.create_postgres.sql")
            ?? throw new InvalidOperationException("Quartz no longer ships its PostgreSQL schema script under the expected name.");
        return new StreamReader(stream).ReadToEnd();
    }

    private static async Task ExecAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
