using Atencion.EventStore.Marten;
using Atencion.EventStore.Marten.Upgrade;
using Atencion.EventStore.Schema;

namespace Atencion.CaseService.Hosting;

/// <summary>Everything the owner applies before the service runs, in order: the migrations, Hangfire's tables, Marten's schema, then Wolverine's envelope storage.</summary>
public static class DatabaseMigration
{
    /// <summary>Applies what is pending; returns what it applied: the migrations by name, and the Marten objects it created or changed.</summary>
    /// <remarks>
    /// Marten's schema holds the event log; the migrations hold the read models. Marten's comes last so that a failure
    /// there leaves the migrations applied and the error visible. A database whose events are still in the log of the
    /// store before Marten (<c>atencion.events</c>) is upgraded here, once (<see cref="EventLogUpgrade"/>). The async
    /// projections are registered on the owner's apply by the same call as on the service's store, so their tables are
    /// created and granted as the daemon runs them.
    /// </remarks>
    public static async Task<IReadOnlyList<string>> RunAsync(DatabaseSettings db, MartenSettings marten,
        IReadOnlyList<Atencion.Projections.Daemon.IAsyncProjection> projections, IConfiguration? config, CancellationToken ct)
    {
        var applied = await new Migrator(db.Admin, db.AppRole, MigrateOnStartup.Assemblies).MigrateAsync(ct);
        await Jobs.HangfireSchema.ProvisionAsync(db.Admin, db.AppRole, ct);
        var martenChanges = await MartenSchema.ApplyAsync(db.Admin, db.AppRole, marten, opts => Admin.ProjectionDaemonSetup.AddProjections(opts, projections, marten.Types, config), ct);
        applied = [.. applied, .. martenChanges.Select(o => $"Marten schema: {o}")];
        await MessageStorage.ApplyAsync(db.Admin, db.AppRole, ct);
        var upgrade = new EventLogUpgrade(marten);
        if (await upgrade.PendingAsync(db.Admin, ct))
        {
            var report = await upgrade.RunAsync(db.Admin, AfterUpgradeAsync, ct);
            applied = [.. applied, $"event log upgraded to Marten ({report.Streams} streams, {report.Events} events)"];
        }
        return applied;
    }

    /// <summary>
    /// In the upgrade's transaction: every async projection rebuilds from the copied log (its rows came from the old one).
    /// The hub feeds start from the present whenever a node starts, so no client is sent the copied history.
    /// </summary>
    internal static async Task AfterUpgradeAsync(Npgsql.NpgsqlConnection conn, Npgsql.NpgsqlTransaction tx, CancellationToken ct)
    {
        // Marten's progression knows nothing of the old log's positions: until the rebuild is swapped in, batches go to
        // the shadow tables (rebuild_started_at) and the live rows keep serving.
        await using var cmd = new Npgsql.NpgsqlCommand($$"""
            do $upgrade$ declare s text; begin
                for s in select table_schema from information_schema.tables where table_name = '{{Atencion.Projections.Marten.ProjectionControl.TableName}}' loop
                    execute format('update %I.{{Atencion.Projections.Marten.ProjectionControl.TableName}} set rebuild_requested_at = coalesce(rebuild_requested_at, now()), rebuild_started_at = coalesce(rebuild_started_at, now())', s);
                end loop;
            end $upgrade$;
            """, conn, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
