using Atencion.EventStore.Marten.Store;
using Atencion.EventStore;
using Atencion.EventStore.Feed;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Atencion.Projections.Daemon;

/// <summary>Runs every registered <see cref="IAsyncProjection"/> from the global feed, each on exactly one node at a time (Marten's async daemon).</summary>
/// <remarks>
/// One runner per projection competes for the projection's advisory lock; the holder applies batches, the others retry
/// every <see cref="ProjectionDaemonOptions.LockRetryInterval"/>. One LISTEN connection wakes the runners on appends;
/// they poll as a fallback. See docs/projections.md.
/// </remarks>
public sealed class ProjectionDaemon : IHostedService, IAsyncDisposable
{
    private readonly NpgsqlDataSource _db;
    private readonly GlobalFeed _feed;
    private readonly ProjectionDaemonOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ProjectionSchemas _schemas;
    private readonly List<ProjectionRunner> _runners;
    private CancellationTokenSource? _stop;
    private List<Task> _tasks = [];

    /// <summary>A daemon over the store's data source for the given projections.</summary>
    public ProjectionDaemon(IEnumerable<IAsyncProjection> projections, MartenEventStore store, ProjectionDaemonOptions options,
        TimeProvider time, ILogger<ProjectionDaemon> log)
    {
        _db = store.DataSource;
        _feed = new GlobalFeed(_db, store.Options.Types, store.Schema);
        _options = options;
        _time = time;
        _log = log;
        _schemas = new ProjectionSchemas(options);
        Projections = projections.ToList();
        foreach (var p in Projections)
            if (!IsName(p.Name)) throw new ArgumentException($"Projection name '{p.Name}' must be 1–40 lowercase letters, digits or underscores, starting with a letter.");
        if (Projections.Select(p => p.Name).Distinct().Count() != Projections.Count)
            throw new ArgumentException("Two projections have the same name.");
        _runners = Projections.Select(p => new ProjectionRunner(p, _db, _feed, _schemas, options, log)).ToList();
    }

    /// <summary>The registered projections.</summary>
    public IReadOnlyList<IAsyncProjection> Projections { get; }

    /// <summary>This daemon's node name.</summary>
    public string Node => _options.Node;

    /// <summary>Creates missing projection schemas, then starts the runners and the listener in the background.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        await _schemas.EnsureLiveAsync(Projections, ct);
        _stop = new CancellationTokenSource();
        var token = _stop.Token; // captured now: the tasks may begin after a StopAsync has disposed the source
        _tasks = [.. _runners.Select(r => Task.Run(() => r.RunAsync(token), CancellationToken.None)), Task.Run(() => ListenAsync(token), CancellationToken.None)];
    }

    /// <summary>Stops the runners (a batch under way rolls back) and releases their locks.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _stop, null) is not { } stop) return;
        await stop.CancelAsync();
        try { await Task.WhenAll(_tasks).WaitAsync(ct); }
        catch (OperationCanceledException) { }
        catch (Exception e) { _log.LogWarning(e, "A projection runner ended with an error while stopping"); }
        stop.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    /// <summary>
    /// Waits until every projection's checkpoint has reached the head of the feed as it was when called; throws
    /// <see cref="TimeoutException"/> naming the laggards, or at once <see cref="InvalidOperationException"/> when one is faulted.
    /// </summary>
    public async Task WaitForNonStaleAsync(TimeSpan timeout, CancellationToken ct)
    {
        var head = await _feed.HeadAsync(ct);
        if (head == FeedPosition.Start) return;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            foreach (var runner in _runners) runner.Wake();
            var rows = await ProjectionCheckpoint.ReadAllAsync(_db, ct);
            var faulted = rows.Values.Where(r => r.State == "faulted" && Projections.Any(p => p.Name == r.Name)).ToList();
            if (faulted.Count > 0)
                throw new InvalidOperationException(string.Join("; ", faulted.Select(f => $"projection {f.Name} is faulted at event {f.ErrorSeq}: {f.LastError}")));
            var laggards = Projections.Where(p => !rows.TryGetValue(p.Name, out var row) || row.Position.CompareTo(head) < 0)
                .Select(p => $"{p.Name} (at {(rows.TryGetValue(p.Name, out var row) ? row.Position.Seq : 0)})").ToList();
            if (laggards.Count == 0) return;
            if (watch.Elapsed > timeout)
                throw new TimeoutException($"Projections still behind seq {head.Seq} after {timeout.TotalSeconds:0.#} s: {string.Join(", ", laggards)}.");
            await Task.Delay(20, ct);
        }
    }

    /// <summary>Asks for a rebuild of a projection (false when there is no such projection); the node running it does it.</summary>
    public async Task<bool> RequestRebuildAsync(string name, CancellationToken ct)
    {
        if (Projections.All(p => p.Name != name)) return false;
        var requested = await ProjectionCheckpoint.RequestRebuildAsync(_db, name, ct);
        foreach (var runner in _runners) runner.Wake();
        return requested;
    }

    /// <summary>Each registered projection's state, checkpoint, lag and last error, as seen from this node.</summary>
    public async Task<IReadOnlyList<ProjectionStatus>> StatusAsync(CancellationToken ct)
    {
        var rows = await ProjectionCheckpoint.ReadAllAsync(_db, ct);
        var holders = new Dictionary<long, int>();
        await using (var cmd = _db.CreateCommand("select objid::bigint, pid from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database()) and classid::bigint = @ns and objsubid = 2 and granted"))
        {
            cmd.Parameters.Add(new NpgsqlParameter<long>("ns", ProjectionLock.Namespace));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) holders[r.GetInt64(0)] = r.GetInt32(1);
        }
        var now = _time.GetUtcNow();
        var result = new List<ProjectionStatus>();
        foreach (var runner in _runners)
        {
            var name = runner.Projection.Name;
            if (!rows.TryGetValue(name, out var row)) continue;
            var lag = await _feed.LagAsync(row.Position, ct);
            var held = holders.TryGetValue(ProjectionLock.KeyOf(name), out var pid);
            var state = row.State is "faulted" or "rebuilding" ? row.State
                : !held ? "stopped"
                : runner.LockProcessId == pid ? "running" : "standby";
            result.Add(new ProjectionStatus(name, state, row.Node, row.Position.Seq, lag.Events,
                lag.OldestPendingRecordedAt is { } oldest ? Math.Max(0, Math.Round((now - oldest).TotalSeconds, 1)) : 0,
                row.LastError, row.ErrorSeq, row.ErrorEventType, row.FaultedAt, row.RebuildRequestedAt, row.RebuildSeq, row.LastRebuiltAt));
        }
        return result;
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_options.AdminConnectionString)
                    { Pooling = false, ApplicationName = "atencion-daemon-listen" }.ConnectionString);
                await conn.OpenAsync(ct);
                conn.Notification += (_, _) => { foreach (var runner in _runners) runner.Wake(); };
                await using (var listen = new NpgsqlCommand($"listen {GlobalFeed.Channel}", conn))
                    await listen.ExecuteNonQueryAsync(ct);
                while (true) await conn.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e) when (ProjectionRunner.IsTransient(e))
            {
                _log.LogWarning(e, "The projection daemon's LISTEN connection failed; runners poll until it is back");
                try { await Task.Delay(_options.LockRetryInterval, ct); } catch (OperationCanceledException) { return; }
            }
        }
    }

    private static bool IsName(string s) =>
        s.Length is > 0 and <= 40 && s[0] is >= 'a' and <= 'z' && s.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');
}
