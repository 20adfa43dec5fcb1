using JasperFx;
using Npgsql;

namespace Atencion.EventStore.Marten;

/// <summary>Applies Marten's schema and the chain tables as the owner, then grants the serving role what it needs: the <c>migrate</c> verb's part for issue 14.</summary>
public static class MartenSchema
{
    /// <summary>Creates or updates every configured object as the owner, then sets the serving role's grants and transaction bounds.</summary>
    public static async Task ApplyAsync(string ownerConnectionString, string appRole, MartenSettings settings, CancellationToken ct = default)
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

        await using var conn = new NpgsqlConnection(ownerConnectionString);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var cmd = new NpgsqlCommand(ServingRoleGrants.Sql(settings.SchemaName, appRole), conn, tx))
            await cmd.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }
}
