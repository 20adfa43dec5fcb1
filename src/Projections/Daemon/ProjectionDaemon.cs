// Interim: replaced by the daemon branch at merge.
// A minimal runner so the reports branch's async projections run in the host and in tests: no advisory locks, no
// rebuild, no admin API. It keeps the agreed surface: ProjectionDaemon.WaitForNonStaleAsync(timeout, ct).
using Atencion.EventStore;
using Atencion.EventStore.Feed;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Atencion.Projections.Daemon;

/// <summary>Where the daemon may create projection schemas: an owner connection, and the role the service reads them as.</summary>
/// <param name="AdminConnectionString">A connection allowed to create schemas.</param>
/// <param name="AppRole">The service's role, granted use of each projection schema.</param>
public sealed record ProjectionDaemonSettings(string AdminConnectionString, string AppRole);

/// <summary>Runs every <see cref="IAsyncProjection"/> on the global feed, each with its rows and checkpoint in one transaction.</summary>
public sealed class ProjectionDaemon(
    NpgsqlDataSource dataSource, PostgresEventStore store, IEnumerable<IAsyncProjection> projections,
    ProjectionDaemonSettings settings, ILogger<ProjectionDaemon> log) : IHostedService
{
    private readonly List<(IAsyncProjection Projection, Subscription Subscription)> _runners = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    /// <summary>The live schema of a projection.</summary>
    public static string SchemaOf(string name) => $"proj_{name}";

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken ct)
    {
        var feed = new GlobalFeed(dataSource, store.Options.Types);
        foreach (var p in projections)
        {
            await EnsureSchemaAsync(p, ct);
            var subscription = new Subscription(dataSource, feed, $"projection:{p.Name}", new Runner(p, SchemaOf(p.Name)))
            {
                PollInterval = TimeSpan.FromMilliseconds(250),
            };
            _runners.Add((p, subscription));
            _loops.Add(Task.Run(() => LoopAsync(subscription, _stop.Token), CancellationToken.None));
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken ct)
    {
        await _stop.CancelAsync();
        try { await Task.WhenAll(_loops).WaitAsync(ct); } catch (OperationCanceledException) { }
    }

    /// <summary>Waits until every projection has consumed every event appended so far; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task WaitForNonStaleAsync(TimeSpan timeout, CancellationToken ct)
    {
        var feed = new GlobalFeed(dataSource, store.Options.Types);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var stale = false;
            foreach (var (_, s) in _runners)
                if ((await feed.LagAsync(await s.CheckpointAsync(ct), ct)).Events > 0) stale = true;
            if (!stale) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The projections did not catch up within {timeout}.");
            await Task.Delay(50, ct);
        }
    }

    private async Task LoopAsync(Subscription subscription, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try { await subscription.RunAsync(ct); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                // The failed batch rolled back with its checkpoint: nothing is skipped; retry after a pause.
                log.LogError(e, "Projection {Subscription} failed; retrying", subscription.Name);
                try { await Task.Delay(TimeSpan.FromSeconds(1), ct); } catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task EnsureSchemaAsync(IAsyncProjection p, CancellationToken ct)
    {
        var schema = SchemaOf(p.Name);
        await using var conn = new NpgsqlConnection(settings.AdminConnectionString);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var lk = new NpgsqlCommand("select pg_advisory_xact_lock(7411962002)", conn, tx)) await lk.ExecuteNonQueryAsync(ct);
        await using (var exists = new NpgsqlCommand("select exists(select 1 from pg_namespace where nspname = @s)", conn, tx))
        {
            exists.Parameters.AddWithValue("s", schema);
            if (!(bool)(await exists.ExecuteScalarAsync(ct))!)
                await using (var create = new NpgsqlCommand($"create schema {schema}; {p.CreateTablesSql(schema)}", conn, tx))
                    await create.ExecuteNonQueryAsync(ct);
        }
        await using (var grant = new NpgsqlCommand($"""
            grant usage on schema {schema} to {settings.AppRole};
            grant select, insert, update, delete on all tables in schema {schema} to {settings.AppRole};
            """, conn, tx))
            await grant.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }

    private sealed class Runner(IAsyncProjection projection, string schema) : ISubscriber
    {
        public Task HandleAsync(IReadOnlyList<RecordedEvent> events, NpgsqlTransaction transaction, CancellationToken ct) =>
            projection.ApplyAsync(events, new ProjectionWrite(transaction.Connection!, transaction, schema), ct);
    }
}
