using Npgsql;

namespace Atencion.EventStore.Appending;

/// <summary>The open transaction of an append, handed to inline projections and to the caller's own writes so that all commit together or not at all.</summary>
/// <param name="Connection">The connection the append runs on.</param>
/// <param name="Transaction">The append's transaction.</param>
/// <param name="Tenant">The tenant appended to.</param>
/// <param name="StreamId">The stream appended to.</param>
/// <param name="StreamType">The stream's type (e.g. <c>case</c>).</param>
/// <param name="Events">The events just inserted, in version order.</param>
public sealed record AppendContext(
    NpgsqlConnection Connection,
    NpgsqlTransaction Transaction,
    TenantId Tenant,
    Guid StreamId,
    string StreamType,
    IReadOnlyList<RecordedEvent> Events)
{
    /// <summary>The store transaction the append runs in, when it runs in one (inline projections always do).</summary>
    public Marten.Store.StoreTransaction? Store { get; init; }

    /// <summary>Creates a command bound to this append's connection and transaction.</summary>
    public NpgsqlCommand Command(string sql) => new(sql, Connection, Transaction);
}
