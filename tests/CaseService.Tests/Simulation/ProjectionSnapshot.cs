using Atencion.Projections.Daemon;
using Npgsql;

namespace Atencion.CaseService.Tests.Simulation;

/// <summary>Copies of every registered projection's live tables, compared row for row (SQL <c>except</c> both ways) with the live ones later.</summary>
/// <remarks>Projection tables must therefore use types with equality (jsonb, not json).</remarks>
public sealed class ProjectionSnapshot
{
    private readonly string _admin;
    private readonly IReadOnlyList<(string Live, string Copy)> _tables;

    private ProjectionSnapshot(string admin, IReadOnlyList<(string, string)> tables) => (_admin, _tables) = (admin, tables);

    /// <summary>The number of tables copied.</summary>
    public int Tables => _tables.Count;

    /// <summary>Copies every table of every projection's live schema (<c>proj_{name}</c>) into a new schema.</summary>
    public static async Task<ProjectionSnapshot> TakeAsync(string adminConnectionString, IEnumerable<IAsyncProjection> projections, string schema)
    {
        await using var conn = new NpgsqlConnection(adminConnectionString);
        await conn.OpenAsync();
        await Exec(conn, $"drop schema if exists {schema} cascade; create schema {schema}");
        var tables = new List<(string, string)>();
        foreach (var p in projections)
            foreach (var table in await TablesAsync(conn, $"proj_{p.Name}"))
            {
                var copy = $"{schema}.{p.Name}__{table}";
                await Exec(conn, $"create table {copy} as table proj_{p.Name}.{table}");
                tables.Add(($"proj_{p.Name}.{table}", copy));
            }
        return new ProjectionSnapshot(adminConnectionString, tables);
    }

    /// <summary>For each table whose live rows differ from the copy: its name and the rows missing on each side; empty when identical.</summary>
    public async Task<IReadOnlyList<string>> DifferencesAsync()
    {
        await using var conn = new NpgsqlConnection(_admin);
        await conn.OpenAsync();
        var differences = new List<string>();
        foreach (var (live, copy) in _tables)
        {
            var extra = await CountAsync(conn, $"select count(*) from (table {live} except all table {copy}) d");
            var missing = await CountAsync(conn, $"select count(*) from (table {copy} except all table {live}) d");
            var rows = await CountAsync(conn, $"select count(*) from {copy}");
            if (extra + missing > 0)
                differences.Add($"{live}: {extra} rows not in the snapshot, {missing} snapshot rows missing (of {rows}); e.g. now "
                    + await SampleAsync(conn, $"(table {live} except all table {copy})") + " / before " + await SampleAsync(conn, $"(table {copy} except all table {live})"));
        }
        return differences;
    }

    private static async Task<string> SampleAsync(NpgsqlConnection conn, string rows)
    {
        await using var cmd = new NpgsqlCommand($"select string_agg(d::text, ' | ') from (select * from {rows} d order by 1, 2 limit 2) d", conn);
        return (await cmd.ExecuteScalarAsync()) as string ?? "";
    }

    /// <summary>The rows of a live table now.</summary>
    public async Task<long> RowsAsync(string liveTable)
    {
        await using var conn = new NpgsqlConnection(_admin);
        await conn.OpenAsync();
        return await CountAsync(conn, $"select count(*) from {liveTable}");
    }

    private static async Task<List<string>> TablesAsync(NpgsqlConnection conn, string schema)
    {
        // The read model's tables, not the daemon's control row beside them (its position and rebuild times move by design).
        await using var cmd = new NpgsqlCommand(
            "select table_name from information_schema.tables where table_schema = @s and table_type = 'BASE TABLE' and table_name <> @control order by 1", conn);
        cmd.Parameters.AddWithValue("s", schema);
        cmd.Parameters.AddWithValue("control", Atencion.Projections.Marten.ProjectionControl.TableName);
        var names = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) names.Add(r.GetString(0));
        return names;
    }

    private static async Task<long> CountAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task Exec(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
