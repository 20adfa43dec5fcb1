using JasperFx;
using Npgsql;

namespace Atencion.EventStore.Marten;

/// <summary>Applies Marten's schema and the chain tables as the owner, then grants the serving role what it needs: the <c>migrate</c> verb's part for issue 14.</summary>
public static class MartenSchema
{
    /// <summary>The advisory lock that lets one host at a time apply the schema (today's migrator holds 7411962001).</summary>
    public const long ApplyLock = 7411962014;

    /// <summary>Creates or updates every configured object as the owner, then sets the serving role's grants and transaction bounds.</summary>
    /// <remarks>Hosts starting together on one database take turns (<see cref="ApplyLock"/>); the later ones find the schema up to date.</remarks>
    public static async Task ApplyAsync(string ownerConnectionString, string appRole, MartenSettings settings, CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(ownerConnectionString);
        await conn.OpenAsync(ct);
        await using (var lockCmd = new NpgsqlCommand($"select pg_advisory_lock({ApplyLock})", conn)) await lockCmd.ExecuteNonQueryAsync(ct);
        try
        {
            await ApplyLockedAsync(conn, ownerConnectionString, appRole, settings, ct);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"select pg_advisory_unlock({ApplyLock})", conn);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static async Task ApplyLockedAsync(NpgsqlConnection conn, string ownerConnectionString, string appRole, MartenSettings settings, CancellationToken ct)
    {
        using (var store = global::Marten.DocumentStore.For(opts =>
        {
            opts.Connection(ownerConnectionString);
            AtencionMarten.Configure(opts, settings);
            opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        }))
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        }

        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var cmd = new NpgsqlCommand(ServingRoleGrants.Sql(settings.SchemaName, appRole), conn, tx))
            await cmd.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }
}
