using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Npgsql;

namespace Atencion.CaseService.Jobs;

/// <summary>The Hangfire job that runs one <see cref="ISweep"/>; each sweep is a recurring job calling <see cref="RunAsync"/> with its name.</summary>
/// <remarks>
/// <para>Two firings of one sweep must not overlap: not for correctness (a sweep decides from the log and appends with
/// expected versions, so a second run finds nothing left to do), but to keep a slow run from being joined by one more
/// every second. Hangfire's <see cref="DisableConcurrentExecutionAttribute"/> would make the overlapping firing wait and
/// then fail with a lock timeout, and its lock is a row that outlives a crashed node by ten minutes. So the guard here is
/// a PostgreSQL session advisory lock taken with <c>pg_try_advisory_lock</c>: a firing that finds the sweep running
/// anywhere in the cluster skips (and succeeds), and a node that dies releases the lock with its connection.</para>
/// <para>A run that throws fails its Hangfire job (no automatic retry: the next firing is the retry), so the failure shows in
/// the dashboard and in <c>/health/ready</c> until a run succeeds.</para>
/// </remarks>
public sealed class SweepJob(IEnumerable<ISweep> sweeps, JobRuns runs, NpgsqlDataSource db, ILogger<SweepJob> log)
{
    /// <summary>The first half of each sweep's advisory lock key (the second is <see cref="LockKey"/> of its name).</summary>
    public const int LockClass = 74119620;

    /// <summary>Runs the named sweep unless a run of it is under way on some node; returns false when it skipped.</summary>
    [AutomaticRetry(Attempts = 0)]
    [SweepJobExpiration]
    [JobDisplayName("sweep {0}")]
    public async Task<bool> RunAsync(string sweep, CancellationToken ct)
    {
        var target = sweeps.SingleOrDefault(s => s.Name == sweep)
            ?? throw new InvalidOperationException($"There is no sweep '{sweep}'.");
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await LockAsync(conn, "pg_try_advisory_lock", sweep, ct))
        {
            log.LogDebug("Sweep {Sweep} skipped: a run of it is under way", sweep);
            return false;
        }
        var started = JobRuns.Started();
        try
        {
            var acted = await target.RunAsync(ct);
            runs.Finished(sweep, started, acted, null);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Sweep {Sweep} failed", sweep);
            runs.Finished(sweep, started, 0, e.Message);
            throw;
        }
        finally
        {
            // Returning the connection to the pool would release it too (Npgsql resets the session), but say so.
            await LockAsync(conn, "pg_advisory_unlock", sweep, CancellationToken.None);
        }
    }

    /// <summary>A stable key for a sweep's name (FNV-1a), the same on every node and version.</summary>
    public static int LockKey(string sweep)
    {
        var hash = 2166136261;
        foreach (var c in sweep) hash = (hash ^ c) * 16777619;
        return unchecked((int)hash);
    }

    private static async Task<bool> LockAsync(NpgsqlConnection conn, string function, string sweep, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"select {function}($1, $2)", conn);
        cmd.Parameters.AddWithValue(LockClass);
        cmd.Parameters.AddWithValue(LockKey(sweep));
        return await cmd.ExecuteScalarAsync(ct) is true;
    }
}

/// <summary>A finished sweep job stays <see cref="AtencionJobs.JobExpiration"/> in the storage instead of Hangfire's day (set per job, not in Hangfire's global configuration).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SweepJobExpirationAttribute : JobFilterAttribute, IApplyStateFilter
{
    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction) => context.JobExpirationTimeout = AtencionJobs.JobExpiration;

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction) { }
}
