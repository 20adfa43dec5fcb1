using Npgsql;

namespace Atencion.CaseService.Jobs;

/// <summary>Creates Quartz's tables in their own schema (<c>quartz</c>) with the owner connection, and grants the service role their use.</summary>
/// <remarks>
/// Quartz can create its schema itself when the scheduler starts, but then the service's role would need the right
/// to create tables, and two hosts starting together would race each other's <c>create table</c>. Here it runs with
/// the migrations: under an advisory lock, with the owner role, from the script Quartz ships (every statement
/// creates only what is missing). The scheduler then only validates the schema.
/// Once provisioned it is left alone: even an idempotent <c>create index if not exists</c> takes a share lock on its
/// table, and taken while another node's scheduler is updating those tables it can deadlock with it.
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
        var script = Script();
        if (await ProvisionedAsync(conn, tx, script, appRole, ct))
        {
            await tx.CommitAsync(ct);
            return;
        }
        await ExecAsync(conn, tx, $"create schema if not exists {Schema}", ct);
        foreach (var statement in script.Split("\n--;;", StringSplitOptions.RemoveEmptyEntries))
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

    // Provisioning commits as a whole, so every table of the script there and usable by the service role means it is done.
    private static async Task<bool> ProvisionedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string script, string appRole, CancellationToken ct)
    {
        var tables = System.Text.RegularExpressions.Regex.Matches(script, @"create table if not exists \{0\}(\w+)", System.Text.RegularExpressions.RegexOptions.IgnoreCase)
            .Select(m => "qrtz_" + m.Groups[1].Value.ToLowerInvariant()).Distinct().ToArray();
        if (tables.Length == 0) return false;
        await using var cmd = new NpgsqlCommand("""
            select count(*) = cardinality(@tables) and bool_and(has_table_privilege(@role, c.oid, 'select, insert, update, delete'))
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = @schema and c.relkind = 'r' and c.relname = any(@tables)
            """, conn, tx);
        cmd.Parameters.AddWithValue("tables", tables);
        cmd.Parameters.AddWithValue("role", appRole);
        cmd.Parameters.AddWithValue("schema", Schema);
        return await cmd.ExecuteScalarAsync(ct) is true;
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
