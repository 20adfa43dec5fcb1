using JasperFx;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using Npgsql;

namespace Atencion.EventStore.Marten;

/// <summary>Applies Marten's schema and the chain tables as the owner, then grants the serving role what it needs: the <c>migrate</c> verb's part for issue 14.</summary>
public static class MartenSchema
{
    /// <summary>The advisory lock that lets one host at a time apply the schema (today's migrator holds 7411962001).</summary>
    public const long ApplyLock = 7411962014;

    /// <summary>
    /// Creates or updates every configured object as the owner, then sets the serving role's grants and transaction
    /// bounds; returns what it created or changed (none when the schema was up to date), e.g.
    /// <c>"atencion_es.atencion_chain_fold (created)"</c>.
    /// </summary>
    /// <remarks>Hosts starting together on one database take turns (<see cref="ApplyLock"/>); the later ones find the schema up to date.</remarks>
    public static Task<IReadOnlyList<string>> ApplyAsync(string ownerConnectionString, string appRole, MartenSettings settings, CancellationToken ct = default) =>
        ApplyAsync(ownerConnectionString, appRole, settings, _ => { }, ct);

    /// <summary>
    /// As <see cref="ApplyAsync(string, string, MartenSettings, CancellationToken)"/>, with the async projections that
    /// <paramref name="addProjections"/> registers: their tables are created, and the serving role, which runs the
    /// daemon, may read and write them.
    /// </summary>
    /// <remarks>
    /// The grants follow the store's configured projections (every async one whose tables are schema objects), so a
    /// projection registered for the daemon is granted without a list kept by hand.
    /// </remarks>
    public static async Task<IReadOnlyList<string>> ApplyAsync(string ownerConnectionString, string appRole, MartenSettings settings,
        Action<StoreOptions> addProjections, CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(ownerConnectionString);
        await conn.OpenAsync(ct);
        await using (var lockCmd = new NpgsqlCommand($"select pg_advisory_lock({ApplyLock})", conn)) await lockCmd.ExecuteNonQueryAsync(ct);
        try
        {
            return await ApplyLockedAsync(conn, ownerConnectionString, appRole, settings, addProjections, ct);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"select pg_advisory_unlock({ApplyLock})", conn);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static async Task<IReadOnlyList<string>> ApplyLockedAsync(NpgsqlConnection conn, string ownerConnectionString, string appRole, MartenSettings settings,
        Action<StoreOptions> addProjections, CancellationToken ct)
    {
        List<ProjectionTable> projectionTables;
        List<string> changed;
        using (var store = global::Marten.DocumentStore.For(opts =>
        {
            opts.Connection(ownerConnectionString);
            AtencionMarten.Configure(opts, settings);
            addProjections(opts);
            opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        }))
        {
            // Weasel's own comparison of the configured objects with the database, read before applying it, so that the
            // migrate verb can say what it did.
            var migration = await store.Storage.Database.CreateMigrationAsync(ct);
            changed = [.. migration.Deltas
                .Where(d => d.Difference != Weasel.Core.SchemaPatchDifference.None)
                .Select(d => $"{d.SchemaObject.Identifier.QualifiedName} ({(d.Difference == Weasel.Core.SchemaPatchDifference.Create ? "created" : "changed")})")];
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            projectionTables = AsyncProjectionTables(store.Options);
        }

        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var cmd = new NpgsqlCommand(ServingRoleGrants.Sql(settings.SchemaName, appRole, projectionTables), conn, tx))
            await cmd.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return changed;
    }

    /// <summary>The tables of every async projection registered on the store that declares them as schema objects.</summary>
    private static List<ProjectionTable> AsyncProjectionTables(StoreOptions options) =>
        options.Projections.All
            .Where(p => p.Lifecycle == ProjectionLifecycle.Async)
            .OfType<IProjectionSchemaSource>()
            .SelectMany(p => p.CreateSchemaObjects((global::Marten.Events.EventGraph)options.Events))
            .SelectMany(o => o.AllNames())
            .Select(n => new ProjectionTable(n.Schema, n.Name))
            .ToList();
}
