using Atencion.Projections.Daemon;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using MartenCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace Atencion.Projections.Marten;

/// <summary>
/// Our async projections on Marten's async daemon as the admin API, the readiness check and the <c>projections</c> verb
/// see them: state, progress, lag and faults, rebuild requests, and waiting until they are current.
/// </summary>
/// <remarks>
/// Progress is Marten's (<c>mt_event_progression</c>); which node runs a projection is the holder of its HotCold advisory
/// lock (<see cref="ProjectionLockIds"/>), named by the application name of the holder's session (<see cref="DaemonNode"/>);
/// faults and rebuilds are the control rows (<see cref="ProjectionControl"/>). A rebuild asked for on any node is done by
/// the node holding the lock (<see cref="ProjectionSupervisor"/>).
/// </remarks>
public sealed class AsyncProjections
{
    private readonly NpgsqlDataSource _db;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, long> _lockIds;

    /// <summary>The projections registered on <paramref name="store"/>, read and asked for through <paramref name="db"/>.</summary>
    public AsyncProjections(IDocumentStore store, MartenCoordinator coordinator, NpgsqlDataSource db, DaemonNode node, TimeProvider time)
    {
        var options = (StoreOptions)store.Options;
        Coordinator = coordinator;
        _db = db;
        _time = time;
        NodeInfo = node;
        EventSchema = options.Events.DatabaseSchemaName;
        Sources = options.AtencionSources();
        _lockIds = Sources.ToDictionary(s => s.Name,
            s => (long)ProjectionLockIds.Compute(EventSchema, new ShardName(s.Name), options.Projections.DaemonLockId));
    }

    /// <summary>The event store's schema.</summary>
    public string EventSchema { get; }

    /// <summary>Marten's coordinator of this node.</summary>
    public MartenCoordinator Coordinator { get; }

    /// <summary>The registered projections' sources.</summary>
    public IReadOnlyList<AsyncProjectionSource> Sources { get; }

    /// <summary>The registered projections.</summary>
    public IReadOnlyList<IAsyncProjection> Projections => Sources.Select(s => s.Projection).ToList();

    /// <summary>This node's name.</summary>
    public string Node => NodeInfo.Name;

    /// <summary>This node.</summary>
    public DaemonNode NodeInfo { get; }

    /// <summary>Whether <see cref="PauseAsync"/> stopped this node's daemon.</summary>
    public bool Paused { get; private set; }

    /// <summary>Stops this node's daemon (its agents and its leadership loop) until <see cref="ResumeAsync"/>.</summary>
    public async Task PauseAsync()
    {
        Paused = true;
        await Coordinator.PauseAsync();
    }

    /// <summary>Starts this node's daemon again after <see cref="PauseAsync"/>.</summary>
    public async Task ResumeAsync()
    {
        await Coordinator.ResumeAsync();
        Paused = false;
    }

    /// <summary>Each registered projection's state, checkpoint, lag and last error, as seen from this node.</summary>
    public async Task<IReadOnlyList<ProjectionStatus>> StatusAsync(CancellationToken ct)
    {
        var rows = await ReadAsync(ct);
        var holders = await HoldersAsync(ct);
        var now = _time.GetUtcNow();
        var result = new List<ProjectionStatus>();
        foreach (var row in rows)
        {
            var (lag, oldest) = await LagAsync(row.Checkpoint, ct);
            var holder = holders.GetValueOrDefault(row.Name);
            var state = row.Faulted ? "faulted"
                : row.RebuildRequestedAt is not null ? "rebuilding"
                : holder is null ? "stopped"
                : holder == Node ? "running" : "standby";
            result.Add(new ProjectionStatus(row.Name, state, holder ?? row.Node, row.Checkpoint, lag,
                oldest is { } o ? Math.Max(0, Math.Round((now - o).TotalSeconds, 1)) : 0,
                row.Faulted ? row.LastError : null, row.Faulted ? row.ErrorSeq : null, row.Faulted ? row.ErrorEventType : null,
                row.Faulted ? row.FaultedAt : null, row.RebuildRequestedAt,
                row.RebuildStartedAt is not null ? row.Progress : row.RebuildRequestedAt is not null ? 0 : null, row.LastRebuiltAt));
        }
        return result;
    }

    /// <summary>Asks for a rebuild of a projection (false when there is no such projection); the node running it does it.</summary>
    public async Task<bool> RequestRebuildAsync(string name, CancellationToken ct)
    {
        if (Sources.FirstOrDefault(s => s.Name == name) is not { } source) return false;
        await using var cmd = _db.CreateCommand($"update {source.Control.Table} set rebuild_requested_at = coalesce(rebuild_requested_at, now()) where name = $1");
        cmd.Parameters.AddWithValue(name);
        await cmd.ExecuteNonQueryAsync(ct);
        return true;
    }

    /// <summary>
    /// Waits until every projection's live tables have reached the newest event in the log when called; throws
    /// <see cref="TimeoutException"/> naming the laggards, or at once <see cref="InvalidOperationException"/> when one is faulted.
    /// </summary>
    public async Task WaitForNonStaleAsync(TimeSpan timeout, CancellationToken ct)
    {
        long head;
        await using (var cmd = _db.CreateCommand($"select coalesce(max(seq_id), 0) from {EventSchema}.mt_events"))
            head = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct));
        if (head == 0) return;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var rows = await ReadAsync(ct);
            var faulted = rows.Where(r => r.Faulted).ToList();
            if (faulted.Count > 0)
                throw new InvalidOperationException(string.Join("; ", faulted.Select(f => $"projection {f.Name} is faulted at event {f.ErrorSeq}: {f.LastError}")));
            var laggards = rows.Where(r => r.Checkpoint < head || r.RebuildRequestedAt is not null).Select(r => $"{r.Name} (at {r.Checkpoint})").ToList();
            if (laggards.Count == 0) return;
            if (watch.Elapsed > timeout)
                throw new TimeoutException($"Projections still behind seq {head} after {timeout.TotalSeconds:0.#} s: {string.Join(", ", laggards)}.");
            await Task.Delay(20, ct);
        }
    }

    /// <summary>The node holding each projection's lock, for the projections some node holds.</summary>
    public async Task<IReadOnlyDictionary<string, string>> HoldersAsync(CancellationToken ct)
    {
        // A positive int key: pg_try_advisory_lock(bigint) shows it as classid 0, objid the key, objsubid 1.
        await using var cmd = _db.CreateCommand("""
            select l.objid::bigint, a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'advisory' and l.granted and l.classid = 0 and l.objsubid = 1
              and l.database = (select oid from pg_database where datname = current_database()) and l.objid::bigint = any($1)
            """);
        cmd.Parameters.AddWithValue(_lockIds.Values.ToArray());
        var byLock = new Dictionary<long, string>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                if (DaemonNode.FromApplicationName(r.IsDBNull(1) ? null : r.GetString(1)) is { } node) byLock[r.GetInt64(0)] = node;
        return _lockIds.Where(l => byLock.ContainsKey(l.Value)).ToDictionary(l => l.Key, l => byLock[l.Value]);
    }

    /// <summary>Every projection's control row beside Marten's progress of its shard.</summary>
    internal async Task<IReadOnlyList<ControlRow>> ReadAsync(CancellationToken ct)
    {
        if (Sources.Count == 0) return [];
        var sql = string.Join("\nunion all\n", Sources.Select(s => $"""
            select c.name, c.node, c.live_seq, c.rebuild_requested_at, c.rebuild_started_at, c.last_rebuilt_at, c.last_error,
                   c.error_seq, c.error_event_type, c.faulted_at, coalesce(p.last_seq_id, 0)
            from {s.Control.Table} c left join {EventSchema}.mt_event_progression p on p.name = '{s.ShardName}'
            where c.name = '{s.Name}'
            """));
        await using var cmd = _db.CreateCommand(sql);
        var rows = new List<ControlRow>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            rows.Add(new ControlRow(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt64(2), Time(r, 3), Time(r, 4), Time(r, 5),
                r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetInt64(7), r.IsDBNull(8) ? null : r.GetString(8), Time(r, 9), r.GetInt64(10)));
        return Sources.Select(s => rows.FirstOrDefault(x => x.Name == s.Name)).OfType<ControlRow>().ToList();
    }

    private async Task<(long Events, DateTimeOffset? Oldest)> LagAsync(long checkpoint, CancellationToken ct)
    {
        await using var cmd = _db.CreateCommand($"select count(*), min(timestamp) from {EventSchema}.mt_events where seq_id > $1 and type <> 'tombstone'");
        cmd.Parameters.AddWithValue(checkpoint);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return (r.GetInt64(0), Time(r, 1));
    }

    private static DateTimeOffset? Time(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);

    /// <summary>A control row and Marten's progress of the projection's shard.</summary>
    internal sealed record ControlRow(string Name, string? Node, long LiveSeq, DateTimeOffset? RebuildRequestedAt, DateTimeOffset? RebuildStartedAt,
        DateTimeOffset? LastRebuiltAt, string? LastError, long? ErrorSeq, string? ErrorEventType, DateTimeOffset? FaultedAt, long Progress)
    {
        /// <summary>Faulted until Marten's progress passes the event it failed on.</summary>
        public bool Faulted => FaultedAt is not null && Progress <= ErrorSeq;

        /// <summary>The last event applied to the live tables: Marten's progress, or where they stood when a running rebuild began.</summary>
        public long Checkpoint => RebuildStartedAt is not null ? LiveSeq : Progress;
    }
}
