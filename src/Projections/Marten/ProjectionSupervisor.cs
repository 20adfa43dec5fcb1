using System.Collections.Concurrent;
using JasperFx;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Atencion.Projections.Marten;

/// <summary>
/// On every node, for the projections whose lock this node holds: restarts the agents Marten leaves stopped, runs the
/// rebuilds asked for (on any node), clears a fault once the projection has got past its event, and records the node.
/// </summary>
/// <remarks>
/// Marten's coordinator restarts agents that are missing or paused, not stopped ones, and two things stop an agent for
/// good: a rebuild (the agent stays stopped after <c>RebuildProjectionAsync</c>) and a progress update fenced after a lost
/// lock (<c>ProgressionProgressOutOfOrderException</c>) (s2 Q2, Q5). Only the lock's holder restarts one, so a node that
/// lost its lock does not fight the new holder. A rebuild: stop the agent, mark the control row (batches now go to the
/// shadow tables), Marten's <c>RebuildProjectionAsync</c> (empties the shadow tables and its progress, replays), then one
/// transaction copies the shadow tables over the live ones and clears the request, and the agent resumes from the
/// rebuild's position. Readers see the old rows until that commit and the rebuilt ones after it.
/// </remarks>
public sealed class ProjectionSupervisor(AsyncProjections projections, NpgsqlDataSource db, ILogger<ProjectionSupervisor> log, TimeSpan? interval = null)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, Task> _rebuilding = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _retryAfter = new();

    /// <summary>How long one shard's rebuild may take.</summary>
    public static readonly TimeSpan RebuildTimeout = TimeSpan.FromMinutes(10);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval ?? TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await RoundAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) { log.LogWarning(e, "The projection supervisor failed a round; it tries again"); }
        }
        await Task.WhenAll(_rebuilding.Values).ContinueWith(_ => { }, CancellationToken.None);
    }

    /// <summary>One round over the projections this node holds.</summary>
    public async Task RoundAsync(CancellationToken ct)
    {
        if (projections.Paused) return;
        var holders = await projections.HoldersAsync(ct);
        var rows = (await projections.ReadAsync(ct)).ToDictionary(r => r.Name);
        var daemon = projections.Coordinator.DaemonForMainDatabase();
        foreach (var source in projections.Sources)
        {
            if (holders.GetValueOrDefault(source.Name) != projections.Node || !rows.TryGetValue(source.Name, out var row)) continue;
            if (row.Node != projections.Node || (row.FaultedAt is not null && !row.Faulted))
                await ExecAsync($"""
                    update {source.Control.Table} set node = $2,
                        last_error = case when faulted_at is not null and error_seq < $3 then null else last_error end,
                        error_seq = case when faulted_at is not null and error_seq < $3 then null else error_seq end,
                        error_event_type = case when faulted_at is not null and error_seq < $3 then null else error_event_type end,
                        faulted_at = case when faulted_at is not null and error_seq < $3 then null else faulted_at end
                    where name = $1
                    """, ct, source.Name, projections.Node, row.Progress);
            if (_rebuilding.ContainsKey(source.Name)) continue;
            if (row.RebuildRequestedAt is not null && DateTimeOffset.UtcNow >= _retryAfter.GetValueOrDefault(source.Name))
            {
                _rebuilding[source.Name] = Task.Run(() => RebuildAsync(source, daemon, ct), CancellationToken.None);
                continue;
            }
            if (daemon.CurrentAgents().FirstOrDefault(a => a.Name.Identity == source.ShardName) is { Status: AgentStatus.Stopped })
                await StoppedAgents.RestartAsync(daemon, log, ct, [source.ShardName]);
        }
    }

    private async Task RebuildAsync(AsyncProjectionSource source, IProjectionDaemon daemon, CancellationToken ct)
    {
        try
        {
            log.LogInformation("Projection {Projection} rebuilds on {Node}", source.Name, projections.Node);
            await ProjectionRebuild.RunAsync(source, daemon, db, projections.EventSchema, ct);
            log.LogInformation("Projection {Projection} rebuilt and swapped in", source.Name);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            _retryAfter[source.Name] = DateTimeOffset.UtcNow.AddSeconds(10);
            log.LogError(e, "Projection {Projection}'s rebuild failed; it is tried again", source.Name);
        }
        catch (OperationCanceledException) { }
        finally { _rebuilding.TryRemove(source.Name, out _); }
    }

    private async Task ExecAsync(string sql, CancellationToken ct, params object[] parameters)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var p in parameters) cmd.Parameters.AddWithValue(p);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>One rebuild of an async projection through Marten, blue/green: the live tables serve until the rebuilt rows replace them.</summary>
public static class ProjectionRebuild
{
    /// <summary>
    /// Stops the projection's agent, marks the control row (batches now go to the shadow tables), runs Marten's
    /// <c>RebuildProjectionAsync</c> (it empties the shadow tables and the shard's progress, then replays), copies the
    /// shadow tables over the live ones in one transaction that clears the request, and starts the agent again from the
    /// rebuild's position. Run it on the node holding the projection's lock.
    /// </summary>
    public static async Task RunAsync(AsyncProjectionSource source, IProjectionDaemon daemon, NpgsqlDataSource db, string eventSchema, CancellationToken ct)
    {
        await daemon.StopAgentAsync(source.ShardName);
        await using (var mark = db.CreateCommand($"""
            update {source.Control.Table} set
                rebuild_requested_at = coalesce(rebuild_requested_at, now()),
                live_seq = case when rebuild_started_at is null
                    then coalesce((select last_seq_id from {eventSchema}.mt_event_progression where name = $2), 0) else live_seq end,
                rebuild_started_at = coalesce(rebuild_started_at, now())
            where name = $1
            """))
        {
            mark.Parameters.AddWithValue(source.Name);
            mark.Parameters.AddWithValue(source.ShardName);
            await mark.ExecuteNonQueryAsync(ct);
        }
        await daemon.RebuildProjectionAsync(source.Name, ProjectionSupervisor.RebuildTimeout, ct);
        await SwapAsync(source, db, eventSchema, ct);
        await daemon.StartAgentAsync(source.ShardName, ct);
    }

    /// <summary>The rebuilt rows replace the live ones, and the live tables take the rebuild's position, in one transaction.</summary>
    private static async Task SwapAsync(AsyncProjectionSource source, NpgsqlDataSource db, string eventSchema, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        long position;
        // Locking the progress row holds back any other node's batch of this shard until the copy is done.
        await using (var progress = new NpgsqlCommand($"select last_seq_id from {eventSchema}.mt_event_progression where name = $1 for update", conn, tx))
        {
            progress.Parameters.AddWithValue(source.ShardName);
            position = Convert.ToInt64(await progress.ExecuteScalarAsync(ct) ?? 0L);
        }
        var columns = new Dictionary<string, string>();
        await using (var cmd = new NpgsqlCommand("""
            select table_name, string_agg(quote_ident(column_name), ', ' order by ordinal_position)
            from information_schema.columns where table_schema = $1 group by table_name
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue(source.Tables.Schema);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) columns[r.GetString(0)] = r.GetString(1);
        }
        var sql = string.Join("\n", source.Tables.Names.Select(t => $"""
            delete from {source.Tables.Schema}.{t.Name};
            insert into {source.Tables.Schema}.{t.Name} ({columns[t.Name]}) select {columns[t.Name]} from {source.Shadow.Schema}.{t.Name};
            delete from {source.Shadow.Schema}.{t.Name};
            """));
        sql += $"\nupdate {source.Control.Table} set live_seq = {position}, rebuild_requested_at = null, rebuild_started_at = null, last_rebuilt_at = now() where name = '{source.Name}';";
        await using (var swap = new NpgsqlCommand(sql, conn, tx)) await swap.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }
}

/// <summary>Restarting the async daemon's agents that Marten leaves <c>Stopped</c>.</summary>
/// <remarks>
/// An agent restarted on a node that no longer holds its lock writes at most one fenced batch, which rolls back, before
/// that node's coordinator stops it again (s2 Q5); <see cref="ProjectionSupervisor"/> only restarts the shards this node holds.
/// </remarks>
public static class StoppedAgents
{
    /// <summary>Starts every agent of the daemon whose status is <c>Stopped</c> (of the given shards, when given); returns the shards it restarted.</summary>
    public static async Task<IReadOnlyList<string>> RestartAsync(IProjectionDaemon daemon, ILogger log, CancellationToken ct, IReadOnlyCollection<string>? shards = null)
    {
        var restarted = new List<string>();
        foreach (var agent in daemon.CurrentAgents().Where(a => a.Status == AgentStatus.Stopped && (shards is null || shards.Contains(a.Name.Identity))).ToList())
        {
            var shard = agent.Name.Identity;
            try
            {
                await daemon.StartAgentAsync(shard, ct);
                restarted.Add(shard);
                log.LogWarning("Async projection shard {Shard} was stopped; restarted it", shard);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Async projection shard {Shard} is stopped and did not restart; trying again later", shard);
            }
        }
        return restarted;
    }
}
