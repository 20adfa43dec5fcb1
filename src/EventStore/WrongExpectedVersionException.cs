namespace Atencion.EventStore;

/// <summary>The typed optimistic-concurrency conflict: the stream was not at the version the appender expected.</summary>
public sealed class WrongExpectedVersionException(TenantId tenant, Guid streamId, ExpectedVersion expected, long? actual)
    : Exception($"Stream {streamId} of tenant {tenant} was expected at version {expected} but is at {(actual is null ? "no stream" : actual.ToString())}.")
{
    /// <summary>The tenant of the stream.</summary>
    public TenantId Tenant { get; } = tenant;

    /// <summary>The stream that was appended to.</summary>
    public Guid StreamId { get; } = streamId;

    /// <summary>The version the appender expected.</summary>
    public ExpectedVersion Expected { get; } = expected;

    /// <summary>The stream's actual version, or null when it does not exist.</summary>
    public long? Actual { get; } = actual;
}
