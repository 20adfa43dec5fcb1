using Hangfire.PostgreSql;
using Npgsql;

namespace Atencion.CaseService.Jobs;

/// <summary>Installs Hangfire's tables in their own schema (<c>hangfire</c>) with the owner connection, and grants the service role their use.</summary>
/// <remarks>
/// Hangfire.PostgreSql can install its schema when the storage starts (<c>PrepareSchemaIfNecessary</c>), but then the
/// service's role would need the right to create tables. Here it runs with the migrations, as the owner, under an
/// advisory lock: Hangfire's own installer applies the versions of its script the schema lacks (recorded in
/// <c>hangfire.schema</c>), so once installed a node starting later runs no DDL and takes no lock a running server holds.
/// The serving node's storage runs with <c>PrepareSchemaIfNecessary = false</c> and gets only USAGE and DML.
/// </remarks>
public static class HangfireSchema
{
    /// <summary>The schema Hangfire's tables live in.</summary>
    public const string Schema = "hangfire";

    /// <summary>Installs or upgrades what is missing and grants the service role select, insert, update and delete on it.</summary>
    public static async Task ProvisionAsync(string adminConnectionString, string appRole, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(adminConnectionString);
        await conn.OpenAsync(ct);
        // A session lock: the installer commits each version of its script in a transaction of its own.
        await ExecAsync(conn, "select pg_advisory_lock(7411962003)", ct);
        try
        {
            PostgreSqlObjectsInstaller.Install(conn, Schema);
            var role = new NpgsqlCommandBuilder().QuoteIdentifier(appRole);
            await ExecAsync(conn, $"""
                grant usage on schema {Schema} to {role};
                grant select, insert, update, delete on all tables in schema {Schema} to {role};
                grant usage, select, update on all sequences in schema {Schema} to {role};
                """, ct);
        }
        finally
        {
            await ExecAsync(conn, "select pg_advisory_unlock(7411962003)", CancellationToken.None);
        }
    }

    private static async Task ExecAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
