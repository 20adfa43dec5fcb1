namespace Atencion.Projections.Marten;

/// <summary>This process's name among the nodes that run the async daemon; its Marten connections carry it as their application name.</summary>
/// <remarks>
/// The admin API names the node that runs each projection: the holder of the projection's advisory lock, whose session's
/// application name is <see cref="ApplicationName"/>.
/// </remarks>
/// <param name="Name">Host, process and instance (two hosts in one process differ).</param>
public sealed record DaemonNode(string Name)
{
    /// <summary>The prefix of every daemon connection's application name.</summary>
    public const string ApplicationNamePrefix = "atencion-daemon:";

    /// <summary>A fresh node name: up to 20 characters of the machine name, the process id and six random hex digits.</summary>
    public static DaemonNode Create() =>
        new($"{(Environment.MachineName.Length > 20 ? Environment.MachineName[..20] : Environment.MachineName)}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}");

    /// <summary>The application name of this node's daemon connections (under PostgreSQL's 63 characters).</summary>
    public string ApplicationName => ApplicationNamePrefix + Name;

    /// <summary>The node a daemon connection's application name names, or null for any other connection.</summary>
    public static string? FromApplicationName(string? applicationName) =>
        applicationName is not null && applicationName.StartsWith(ApplicationNamePrefix, StringComparison.Ordinal) ? applicationName[ApplicationNamePrefix.Length..] : null;
}
