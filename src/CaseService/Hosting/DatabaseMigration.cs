using Atencion.EventStore.Marten;
using Atencion.EventStore.Schema;

namespace Atencion.CaseService.Hosting;

/// <summary>Everything the owner applies before the service runs, in order: the migrations, the scheduler's tables, then Marten's schema.</summary>
public static class DatabaseMigration
{
    /// <summary>Applies what is pending; returns the names of the migrations applied (Marten's schema is applied, or found up to date, every time).</summary>
    /// <remarks>
    /// Marten's schema (issue 14) is applied beside today's, with the serving role's grants on it; nothing reads or writes it
    /// yet. It comes last so that a failure there leaves today's schema migrated and the error visible.
    /// </remarks>
    public static async Task<IReadOnlyList<string>> RunAsync(DatabaseSettings db, MartenSettings marten, CancellationToken ct)
    {
        var applied = await new Migrator(db.Admin, db.AppRole, MigrateOnStartup.Assemblies).MigrateAsync(ct);
        await Jobs.QuartzSchema.ProvisionAsync(db.Admin, db.AppRole, ct);
        await MartenSchema.ApplyAsync(db.Admin, db.AppRole, marten, ct);
        return applied;
    }
}
