namespace Atencion.EventStore;

/// <summary>What the appender believes about a stream's version before appending: optimistic concurrency.</summary>
public readonly record struct ExpectedVersion
{
    private ExpectedVersion(long value) => Value = value;

    /// <summary>-1 for <see cref="NoStream"/>, -2 for <see cref="Any"/>, otherwise the exact version (0 or more).</summary>
    public long Value { get; }

    /// <summary>The stream must not exist yet.</summary>
    public static ExpectedVersion NoStream { get; } = new(-1);

    /// <summary>Append whatever the stream's version is (creating it if needed).</summary>
    public static ExpectedVersion Any { get; } = new(-2);

    /// <summary>The stream must be exactly at this version (the version of its last event).</summary>
    public static ExpectedVersion Exactly(long version) =>
        version >= 1 ? new(version) : throw new ArgumentOutOfRangeException(nameof(version), "An existing stream has version 1 or more.");

    /// <inheritdoc />
    public override string ToString() => Value switch { -1 => "no stream", -2 => "any", var v => v.ToString() };
}
