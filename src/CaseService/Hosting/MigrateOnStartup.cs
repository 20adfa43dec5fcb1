using Atencion.EventStore.Marten.Store;
using Atencion.EventStore;
using Atencion.EventStore.Marten;
using Atencion.Projections;

namespace Atencion.CaseService.Hosting;

/// <summary>Applies pending migrations, then Marten's schema, before the server accepts requests (hosted services start in order).</summary>
public sealed class MigrateOnStartup(DatabaseSettings db, MartenSettings marten, IEnumerable<Atencion.Projections.Daemon.IAsyncProjection> projections,
    IConfiguration config, ILogger<MigrateOnStartup> log) : IHostedService
{
    /// <summary>The assemblies whose <c>Migrations/*.sql</c> make up the schema.</summary>
    public static readonly System.Reflection.Assembly[] Assemblies =
        [typeof(MartenEventStore).Assembly, typeof(EventCatalog).Assembly, typeof(MigrateOnStartup).Assembly];

    public async Task StartAsync(CancellationToken ct)
    {
        var applied = await DatabaseMigration.RunAsync(db, marten, projections.ToList(), config, ct);
        if (applied.Count > 0) log.LogInformation("Applied migrations {Migrations}", applied);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
