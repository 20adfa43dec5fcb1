using Atencion.EventStore;
using Atencion.EventStore.Schema;
using Atencion.Projections;

namespace Atencion.CaseService.Hosting;

/// <summary>Applies pending migrations before the server accepts requests (hosted services start in order).</summary>
public sealed class MigrateOnStartup(DatabaseSettings db, ILogger<MigrateOnStartup> log) : IHostedService
{
    /// <summary>The assemblies whose <c>Migrations/*.sql</c> make up the schema.</summary>
    public static readonly System.Reflection.Assembly[] Assemblies =
        [typeof(PostgresEventStore).Assembly, typeof(EventCatalog).Assembly, typeof(MigrateOnStartup).Assembly];

    public async Task StartAsync(CancellationToken ct)
    {
        var applied = await new Migrator(db.Admin, db.AppRole, Assemblies).MigrateAsync(ct);
        if (applied.Count > 0) log.LogInformation("Applied migrations {Migrations}", applied);
        await Jobs.QuartzSchema.ProvisionAsync(db.Admin, db.AppRole, ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
