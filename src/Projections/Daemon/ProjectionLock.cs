using Npgsql;

namespace Atencion.Projections.Daemon;

/// <summary>A projection's PostgreSQL session advisory lock, held on a dedicated, unpooled connection while its runner runs.</summary>
/// <remarks>
/// The lock lives as long as the connection: when the node dies its socket closes and PostgreSQL releases the lock, so a
/// standby node takes the projection over at its next attempt. Writers also check, inside their own transaction, that
/// this very session still holds the lock (<see cref="Guard"/>), so a node that lost its lock cannot commit a batch.
/// </remarks>
internal sealed class ProjectionLock : IAsyncDisposable
{
    /// <summary>The first key of every projection lock (the second is derived from the projection's name).</summary>
    public const int Namespace = 7411963;

    private readonly NpgsqlConnection _connection;

    private ProjectionLock(NpgsqlConnection connection, int key)
    {
        _connection = connection;
        Key = key;
        ProcessId = connection.ProcessID;
    }

    /// <summary>The second lock key.</summary>
    public int Key { get; }

    /// <summary>The backend process id of the session holding the lock.</summary>
    public int ProcessId { get; }

    /// <summary>SQL that is true while this session holds the lock; its parameters come from <see cref="AddGuard"/>.</summary>
    public const string Guard = """
        exists(select 1 from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database()) and classid::bigint = @lock_ns and objid::bigint = @lock_key
               and objsubid = 2 and pid = @lock_pid and granted)
        """;

    /// <summary>Binds the parameters of <see cref="Guard"/> to a command.</summary>
    public void AddGuard(NpgsqlCommand cmd)
    {
        cmd.Parameters.Add(new NpgsqlParameter<long>("lock_ns", Namespace));
        cmd.Parameters.Add(new NpgsqlParameter<long>("lock_key", Key));
        cmd.Parameters.Add(new NpgsqlParameter<int>("lock_pid", ProcessId));
    }

    /// <summary>The second key for a projection: a stable, non-negative 31-bit FNV-1a hash of its name.</summary>
    public static int KeyOf(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name) hash = (hash ^ c) * 16777619u;
        return (int)(hash & 0x7fffffff);
    }

    /// <summary>Takes the lock without waiting; null when another session holds it.</summary>
    public static async Task<ProjectionLock?> TryAcquireAsync(string connectionString, string name, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false, // the lock must die with this connection, never linger in a pool
            ApplicationName = $"atencion-daemon-lock:{name}",
            KeepAlive = 10,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            var key = KeyOf(name);
            await using var cmd = new NpgsqlCommand("select pg_try_advisory_lock(@ns, @key)", connection);
            cmd.Parameters.Add(new NpgsqlParameter<int>("ns", Namespace));
            cmd.Parameters.Add(new NpgsqlParameter<int>("key", key));
            if ((bool)(await cmd.ExecuteScalarAsync(ct))!) return new ProjectionLock(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    /// <summary>Whether the lock's session is still alive (a killed session has lost the lock).</summary>
    public async Task<bool> IsHeldAsync(CancellationToken ct)
    {
        try
        {
            await using var cmd = new NpgsqlCommand("select 1", _connection);
            await cmd.ExecuteScalarAsync(ct);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException) { return false; }
    }

    /// <summary>Releases the lock by closing its session.</summary>
    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
