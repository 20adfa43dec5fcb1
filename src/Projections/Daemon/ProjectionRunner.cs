using Atencion.EventStore;
using Atencion.EventStore.Feed;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Atencion.Projections.Daemon;

/// <summary>Runs one projection on this node while it holds the projection's advisory lock; stands by otherwise.</summary>
/// <remarks>
/// Each batch reads the gap-free feed after the checkpoint and commits the projection's rows and the new checkpoint in one
/// transaction, whose checkpoint update only succeeds if the checkpoint is still where this runner read it and this
/// runner's session still holds the lock. A rebuild runs beside the live batches into a fresh schema and is swapped in
/// when it has caught up. An event the projection throws on stops it (faulted); it is never skipped.
/// </remarks>
internal sealed class ProjectionRunner(
    IAsyncProjection projection, NpgsqlDataSource db, GlobalFeed feed, ProjectionSchemas schemas,
    ProjectionDaemonOptions options, ILogger log)
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>The projection run.</summary>
    public IAsyncProjection Projection { get; } = projection;

    /// <summary>The backend pid holding the lock, while this runner holds it.</summary>
    public int? LockProcessId { get; private set; }

    /// <summary>Wakes the runner (a NOTIFY arrived, or someone waits for it to catch up).</summary>
    public void Wake()
    {
        try { if (_wake.CurrentCount == 0) _wake.Release(); }
        catch (SemaphoreFullException) { }
    }

    /// <summary>Takes the lock when free, runs while holding it, retries after losing it; until cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var held = await ProjectionLock.TryAcquireAsync(options.AdminConnectionString, Projection.Name, ct);
                if (held is not null)
                {
                    log.LogInformation("Projection {Projection} runs on {Node}", Projection.Name, options.Node);
                    try { await HoldAsync(held, ct); }
                    finally { LockProcessId = null; }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e) when (IsTransient(e))
            {
                log.LogWarning(e, "Projection {Projection} lost its connection; it retries", Projection.Name);
            }
            catch (Exception e)
            {
                // Not the projection's fault (those stop it in ApplyLiveAsync): the daemon's own trouble, so let go and retry.
                log.LogError(e, "Projection {Projection}'s runner failed; it retries", Projection.Name);
            }
            try { await Task.Delay(options.LockRetryInterval, ct); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task HoldAsync(ProjectionLock held, CancellationToken ct)
    {
        // Taking the lock is the restart: a projection left faulted is tried again (after a fix was deployed).
        await Exec("""
            update atencion.projection_checkpoints set node = @node, updated_at = now(),
                state = case when rebuild_requested_at is null then 'running' else 'rebuilding' end,
                last_error = null, error_seq = null, error_event_type = null, faulted_at = null
            where name = @name
            """, ct, ("node", options.Node));
        // Only now does the status call it running here: the row names this node before anyone reads "running".
        LockProcessId = held.ProcessId;
        Rebuild? rebuild = null;
        try
        {
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (!await held.IsHeldAsync(ct)) return;
                var row = await ProjectionCheckpoint.ReadAsync(db, Projection.Name, ct);
                if (row.State == "faulted")
                {
                    if (row.RebuildRequestedAt is null || row.RebuildRequestedAt < row.FaultedAt) { await WaitAsync(ct); continue; }
                    await Exec("update atencion.projection_checkpoints set state = 'rebuilding', last_error = null, error_seq = null, error_event_type = null, faulted_at = null where name = @name", ct);
                }
                if (row.RebuildRequestedAt is not null && rebuild is null)
                {
                    await schemas.CreateNextAsync(Projection, ct);
                    await Exec("update atencion.projection_checkpoints set state = 'rebuilding', rebuild_seq = 0 where name = @name", ct);
                    rebuild = new Rebuild(FeedPosition.Start);
                    log.LogInformation("Projection {Projection} rebuilds into {Schema}", Projection.Name, ProjectionSchemas.Next(Projection.Name));
                }

                var live = await feed.ReadAsync(row.Position, options.BatchSize, ct);
                if (live.Count > 0 && !await ApplyLiveAsync(live, row.Position, held, ct)) return;

                var rebuilding = 0;
                if (rebuild is not null)
                {
                    var batch = await feed.ReadAsync(rebuild.Position, options.BatchSize, ct);
                    rebuilding = batch.Count;
                    if (batch.Count > 0)
                    {
                        switch (await ApplyRebuildAsync(batch, held, ct))
                        {
                            case Outcome.LockLost: return;
                            case Outcome.Faulted: rebuild = null; continue;
                        }
                        rebuild = new Rebuild(FeedPosition.After(batch[^1]));
                    }
                    else if (await schemas.SwapAsync(Projection.Name, rebuild.Position, held, ct))
                    {
                        log.LogInformation("Projection {Projection} rebuilt and swapped in at seq {Seq}", Projection.Name, rebuild.Position.Seq);
                        rebuild = null;
                    }
                    else rebuilding = 1; // the live tables moved ahead meanwhile: catch up once more
                }
                if (live.Count == 0 && rebuilding == 0) await WaitAsync(ct);
            }
        }
        catch when (rebuild is not null)
        {
            // Whatever stopped the runner, a half-built schema must not stay behind: the next holder starts afresh.
            try { await schemas.DropNextAsync(Projection.Name, CancellationToken.None); } catch (NpgsqlException) { }
            throw;
        }
    }

    private async Task<bool> ApplyLiveAsync(IReadOnlyList<RecordedEvent> batch, FeedPosition from, ProjectionLock held, CancellationToken ct)
    {
        try { return await CommitAsync(batch, ProjectionSchemas.Live(Projection.Name), from, held, ct); }
        catch (Exception e) when (!IsTransient(e) && !ct.IsCancellationRequested)
        {
            // Find the event it fails on, committing the ones before it one by one, and stop there.
            var position = from;
            foreach (var one in batch)
            {
                try { if (!await CommitAsync([one], ProjectionSchemas.Live(Projection.Name), position, held, ct)) return false; }
                catch (Exception single) when (!IsTransient(single) && !ct.IsCancellationRequested)
                {
                    await FaultAsync(one, single, rebuilding: false, ct);
                    return true;
                }
                position = FeedPosition.After(one);
            }
            return true;
        }
    }

    private async Task<Outcome> ApplyRebuildAsync(IReadOnlyList<RecordedEvent> batch, ProjectionLock held, CancellationToken ct)
    {
        var schema = ProjectionSchemas.Next(Projection.Name);
        try { return await CommitAsync(batch, schema, null, held, ct) ? Outcome.Applied : Outcome.LockLost; }
        catch (Exception e) when (!IsTransient(e) && !ct.IsCancellationRequested)
        {
            foreach (var one in batch)
            {
                try { if (!await CommitAsync([one], schema, null, held, ct)) return Outcome.LockLost; }
                catch (Exception single) when (!IsTransient(single) && !ct.IsCancellationRequested)
                {
                    await schemas.DropNextAsync(Projection.Name, ct);
                    await FaultAsync(one, single, rebuilding: true, ct);
                    return Outcome.Faulted;
                }
            }
            return Outcome.Applied;
        }
    }

    /// <summary>One transaction: the guard (lock held, and for the live tables the checkpoint unchanged), the rows, the checkpoint.</summary>
    private async Task<bool> CommitAsync(IReadOnlyList<RecordedEvent> batch, string schema, FeedPosition? from, ProjectionLock held, CancellationToken ct)
    {
        var to = FeedPosition.After(batch[^1]);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var guard = new NpgsqlCommand(from is { } start
            ? $"""
               update atencion.projection_checkpoints set tx_id = @tx::text::xid8, seq = @seq, updated_at = now(), node = @node
               where name = @name and (tx_id, seq) = (@from_tx::text::xid8, @from_seq) and {ProjectionLock.Guard}
               """
            : $"update atencion.projection_checkpoints set rebuild_seq = @seq where name = @name and {ProjectionLock.Guard}", conn, tx))
        {
            held.AddGuard(guard);
            guard.Parameters.AddWithValue("name", Projection.Name);
            guard.Parameters.AddWithValue("node", options.Node);
            guard.Parameters.AddWithValue("tx", Xid(to));
            guard.Parameters.AddWithValue("seq", to.Seq);
            guard.Parameters.AddWithValue("from_tx", Xid(from ?? FeedPosition.Start));
            guard.Parameters.AddWithValue("from_seq", (from ?? FeedPosition.Start).Seq);
            if (await guard.ExecuteNonQueryAsync(ct) == 0)
            {
                log.LogWarning("Projection {Projection} lost its lock or was moved by another node; it stands by", Projection.Name);
                return false;
            }
        }
        await Projection.ApplyAsync(batch, new ProjectionWrite(conn, tx, schema), ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private async Task FaultAsync(RecordedEvent e, Exception error, bool rebuilding, CancellationToken ct)
    {
        log.LogError(error, "Projection {Projection} stopped at event {Seq} ({Type})", Projection.Name, e.Seq, e.EventType);
        await Exec($"""
            update atencion.projection_checkpoints set state = 'faulted', last_error = @error, error_seq = @seq,
                error_event_type = @type, faulted_at = now(){(rebuilding ? ", rebuild_requested_at = null, rebuild_seq = null" : "")}
            where name = @name
            """, ct, ("error", $"{(rebuilding ? "rebuild: " : "")}{error.GetType().Name}: {error.Message}"), ("seq", e.Seq), ("type", e.EventType));
    }

    private async Task WaitAsync(CancellationToken ct) => await _wake.WaitAsync(options.PollInterval, ct);

    private async Task Exec(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.AddWithValue("name", Projection.Name);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static string Xid(FeedPosition p) => p.TxId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Connection trouble (a killed session, a restart, a timeout), as opposed to a fault of the projection itself.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        PostgresException pg => pg.SqlState.StartsWith("57", StringComparison.Ordinal) || pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected,
        NpgsqlException => true,
        TimeoutException => true,
        _ => false,
    };

    private sealed record Rebuild(FeedPosition Position);

    private enum Outcome { Applied, Faulted, LockLost }
}
