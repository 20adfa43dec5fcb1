namespace Atencion.EventStore;

/// <summary>A stream's header: type, current version, when it was created and last appended to, and whether it is archived.</summary>
public sealed record StreamState(
    TenantId Tenant, Guid StreamId, string StreamType, long Version,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool Archived);
