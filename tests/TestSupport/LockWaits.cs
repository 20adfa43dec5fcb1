using Npgsql;

namespace Atencion.TestSupport;

/// <summary>Waits for a database event, not for time to pass: another backend queueing on a lock a transaction holds.</summary>
public static class LockWaits
{
    /// <summary>Returns once another backend waits on a lock held by <paramref name="holder"/>'s transaction; throws after 15 s.</summary>
    public static async Task UntilSomeoneWaitsOnAsync(NpgsqlConnection holder, NpgsqlTransaction? tx = null)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            await using var cmd = new NpgsqlCommand("""
                select count(*) from pg_stat_activity
                where wait_event_type = 'Lock' and pg_backend_pid() = any(pg_blocking_pids(pid))
                """, holder, tx);
            if ((long)(await cmd.ExecuteScalarAsync())! > 0) return;
            await Task.Delay(50);
        }
        throw new TimeoutException("No backend waited on the held lock within 15 s.");
    }
}
