using Npgsql;

namespace Atencion.Projections.Daemon;

/// <summary>The DDL of the daemon, run with the owner (admin) connection: live schemas, rebuild schemas, and the swap.</summary>
/// <remarks>
/// The service role never needs CREATE: every schema made here is granted to it (usage, and select/insert/update/delete on
/// its tables), which is all the daemon's batches and the readers need.
/// </remarks>
internal sealed class ProjectionSchemas(ProjectionDaemonOptions options)
{
    /// <summary>The schema readers query.</summary>
    public static string Live(string name) => $"proj_{name}";

    /// <summary>The schema a rebuild writes until it is swapped in.</summary>
    public static string Next(string name) => $"proj_{name}_next";

    /// <summary>Creates each projection's live schema and checkpoint row when missing (a new schema starts from the first event).</summary>
    public async Task EnsureLiveAsync(IEnumerable<IAsyncProjection> projections, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await Exec(conn, tx, "select pg_advisory_xact_lock(7411962002)", ct); // one node at a time creates schemas
        foreach (var p in projections)
        {
            var schema = Live(p.Name);
            await using var exists = new NpgsqlCommand("select exists(select 1 from pg_namespace where nspname = @s)", conn, tx);
            exists.Parameters.AddWithValue("s", schema);
            var created = !(bool)(await exists.ExecuteScalarAsync(ct))!;
            if (created) await CreateAsync(conn, tx, p, schema, ct);
            await using var row = new NpgsqlCommand(created
                ? """
                  insert into atencion.projection_checkpoints (name) values (@name)
                  on conflict (name) do update set tx_id = '0', seq = 0, updated_at = now(), state = 'running', last_error = null,
                      error_seq = null, error_event_type = null, faulted_at = null, rebuild_requested_at = null, rebuild_seq = null
                  """
                : "insert into atencion.projection_checkpoints (name) values (@name) on conflict (name) do nothing", conn, tx);
            row.Parameters.AddWithValue("name", p.Name);
            await row.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>Drops any leftover rebuild schema of the projection and creates it afresh, empty.</summary>
    public async Task CreateNextAsync(IAsyncProjection p, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await Exec(conn, tx, $"drop schema if exists {Next(p.Name)} cascade", ct);
        await CreateAsync(conn, tx, p, Next(p.Name), ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Drops a rebuild schema that will not be swapped in.</summary>
    public async Task DropNextAsync(string name, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct);
        await Exec(conn, null, $"drop schema if exists {Next(name)} cascade", ct);
    }

    /// <summary>
    /// In one transaction: replaces the live schema with the rebuilt one and moves the checkpoint to the rebuild's position,
    /// provided this runner still holds the lock and the live checkpoint is not ahead of the rebuild; false otherwise.
    /// </summary>
    /// <remarks>Readers see the old tables until the commit and the new ones after it, never a half-built view.</remarks>
    public async Task<bool> SwapAsync(string name, EventStore.Feed.FeedPosition rebuilt, ProjectionLock held, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var check = new NpgsqlCommand($"""
            select {ProjectionLock.Guard} and (tx_id, seq) <= (@tx::text::xid8, @seq)
            from atencion.projection_checkpoints where name = @name for update
            """, conn, tx))
        {
            held.AddGuard(check);
            check.Parameters.AddWithValue("name", name);
            check.Parameters.AddWithValue("tx", rebuilt.TxId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            check.Parameters.AddWithValue("seq", rebuilt.Seq);
            if (await check.ExecuteScalarAsync(ct) is not true) return false;
        }
        var (live, next, old) = (Live(name), Next(name), $"proj_{name}_old");
        await Exec(conn, tx, $"""
            drop schema if exists {old} cascade;
            alter schema {live} rename to {old};
            alter schema {next} rename to {live};
            drop schema {old} cascade;
            """, ct);
        await using (var save = new NpgsqlCommand("""
            update atencion.projection_checkpoints set tx_id = @tx::text::xid8, seq = @seq, updated_at = now(), state = 'running',
                rebuild_requested_at = null, rebuild_seq = null, last_rebuilt_at = now()
            where name = @name
            """, conn, tx))
        {
            save.Parameters.AddWithValue("name", name);
            save.Parameters.AddWithValue("tx", rebuilt.TxId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            save.Parameters.AddWithValue("seq", rebuilt.Seq);
            await save.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return true;
    }

    private async Task CreateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IAsyncProjection p, string schema, CancellationToken ct)
    {
        await Exec(conn, tx, $"create schema {schema}", ct);
        await Exec(conn, tx, p.CreateTablesSql(schema), ct);
        await Exec(conn, tx, $"""
            grant usage on schema {schema} to {options.AppRole};
            grant select, insert, update, delete on all tables in schema {schema} to {options.AppRole};
            grant usage, select on all sequences in schema {schema} to {options.AppRole};
            """, ct);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(options.AdminConnectionString) { ApplicationName = "atencion-daemon-ddl", Pooling = false }.ConnectionString);
        await conn.OpenAsync(ct);
        return conn;
    }

    private static async Task Exec(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
