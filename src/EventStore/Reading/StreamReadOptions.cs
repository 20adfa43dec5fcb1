namespace Atencion.EventStore.Reading;

/// <summary>Which part of a stream to read: from a version, up to a version, up to an instant (time travel).</summary>
/// <param name="FromVersion">The first version to read (1 for the whole stream).</param>
/// <param name="ToVersion">The last version to read, inclusive; null for the end.</param>
/// <param name="Until">Only events recorded at or before this instant; null for no limit.</param>
public sealed record StreamReadOptions(long FromVersion = 1, long? ToVersion = null, DateTimeOffset? Until = null)
{
    /// <summary>The whole stream.</summary>
    public static StreamReadOptions All { get; } = new();
}
