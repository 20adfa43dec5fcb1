using JasperFx;
using Npgsql;
using Wolverine;
using Wolverine.Postgresql;

namespace Atencion.CaseService.Hosting;

/// <summary>Wolverine's envelope storage, created by the owner role, and exactly what the serving role may do with it.</summary>
public static class MessageStorage
{
    /// <summary>Creates or updates Wolverine's tables in <see cref="WolverineSetup.Schema"/> as the owner, then grants the serving role DML on them.</summary>
    /// <remarks>
    /// Wolverine builds its own tables (its schema is its business); the service runs with storage building off. The
    /// serving role reads and writes envelopes, node records and dead letters (rows come and go: DELETE is part of
    /// handling) and moves their sequences; no DDL, no TRUNCATE. Everything is revoked first, so the result is exactly this.
    /// </remarks>
    public static async Task ApplyAsync(string ownerConnectionString, string appRole, CancellationToken ct)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(appRole, "^[a-z_][a-z0-9_]{0,62}$"))
            throw new ArgumentException($"The serving role '{appRole}' is not a plain identifier.", nameof(appRole));
        // Wolverine's own migration, on a Wolverine that is built but never started: the owner's connection, the service's schema.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddWolverine(ExtensionDiscovery.ManualOnly, opts =>
        {
            opts.Discovery.DisableConventionalDiscovery();
            opts.PersistMessagesWithPostgresql(ownerConnectionString, WolverineSetup.Schema);
            opts.AutoBuildMessageStorageOnStartup = AutoCreate.CreateOrUpdate;
        });
        using (var wolverine = builder.Build())
            await wolverine.Services.GetRequiredService<Wolverine.Persistence.Durability.IMessageStore>().Admin.MigrateAsync();
        await using var dataSource = NpgsqlDataSource.Create(ownerConnectionString);
        await using var cmd = dataSource.CreateCommand($"""
            revoke all on all tables in schema {WolverineSetup.Schema} from {appRole};
            revoke all on all sequences in schema {WolverineSetup.Schema} from {appRole};
            grant usage on schema {WolverineSetup.Schema} to {appRole};
            grant select, insert, update, delete on all tables in schema {WolverineSetup.Schema} to {appRole};
            grant usage, select on all sequences in schema {WolverineSetup.Schema} to {appRole};
            """);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
