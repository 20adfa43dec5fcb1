namespace Atencion.Projections.Daemon;

/// <summary>How the projection daemon connects and paces itself.</summary>
public sealed record ProjectionDaemonOptions
{
    /// <summary>An owner (admin) connection string: the daemon creates, swaps and drops projection schemas with it.</summary>
    public required string AdminConnectionString { get; init; }

    /// <summary>The service role: granted read and write rights on every projection schema the daemon creates.</summary>
    public required string AppRole { get; init; }

    /// <summary>This daemon's name in the admin API (host, process and instance, so two daemons in one process differ).</summary>
    public string Node { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Events per batch (one transaction each).</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>How long a runner waits for a NOTIFY before polling the feed anyway.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a standby runner tries to take a projection's lock (so a dead node's work is taken over within it).</summary>
    public TimeSpan LockRetryInterval { get; init; } = TimeSpan.FromSeconds(3);
}
