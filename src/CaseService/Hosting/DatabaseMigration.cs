using Atencion.EventStore.Marten;
using Atencion.EventStore.Marten.Upgrade;
using Atencion.EventStore.Schema;

namespace Atencion.CaseService.Hosting;

/// <summary>Everything the owner applies before the service runs, in order: the migrations, the scheduler's tables, then Marten's schema.</summary>
public static class DatabaseMigration
{
    /// <summary>Applies what is pending; returns the names of the migrations applied (Marten's schema is applied, or found up to date, every time).</summary>
    /// <remarks>
    /// Marten's schema holds the event log; the migrations hold the read models. Marten's comes last so that a failure
    /// there leaves the migrations applied and the error visible. A database whose events are still in the log of the
    /// store before Marten (<c>atencion.events</c>) is upgraded here, once (<see cref="EventLogUpgrade"/>).
    /// </remarks>
    public static async Task<IReadOnlyList<string>> RunAsync(DatabaseSettings db, MartenSettings marten, CancellationToken ct)
    {
        var applied = await new Migrator(db.Admin, db.AppRole, MigrateOnStartup.Assemblies).MigrateAsync(ct);
        await Jobs.QuartzSchema.ProvisionAsync(db.Admin, db.AppRole, ct);
        await MartenSchema.ApplyAsync(db.Admin, db.AppRole, marten, ct);
        var upgrade = new EventLogUpgrade(marten);
        if (await upgrade.PendingAsync(db.Admin, ct))
        {
            var report = await upgrade.RunAsync(db.Admin, AfterUpgradeAsync, ct);
            applied = [.. applied, $"event log upgraded to Marten ({report.Streams} streams, {report.Events} events)"];
        }
        return applied;
    }

    /// <summary>
    /// In the upgrade's transaction: the async projections rebuild from the copied log (their positions named the old
    /// log's transactions), and the feed's subscriptions (the hub's pushers) start after it, so that no client is sent
    /// the whole history again.
    /// </summary>
    internal static async Task AfterUpgradeAsync(Npgsql.NpgsqlConnection conn, Npgsql.NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new Npgsql.NpgsqlCommand("""
            update atencion.projection_checkpoints set rebuild_requested_at = coalesce(rebuild_requested_at, now());
            update atencion.subscriptions set tx_id = pg_current_xact_id(),
                seq = (select coalesce(max(seq_id), 0) from atencion_es.event_hashes), updated_at = now();
            """, conn, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
