using Atencion.EventStore.Marten.Store;
using Atencion.Domain.Turns;
using Atencion.EventStore;
using Atencion.EventStore.Appending;
using Atencion.Projections;

namespace Atencion.CaseService.Turns;

/// <summary>Loads a turn from its queue row (under a row lock to change it), inside a store transaction, and appends its next events at the row's version.</summary>
/// <remarks>The row is written by the inline projection in the same transactions as the turn's events, so it is the stream's state.</remarks>
public static class TurnStore
{
    private const string Columns = "turn_id, service, label, day, status, issued_at, called_at, version";

    /// <summary>The oldest waiting turn of a service and day, locked; concurrent callers skip it and take the next one.</summary>
    public static Task<(Turn Turn, long Version)?> LockOldestWaitingAsync(StoreTransaction t, TenantId tenant, string service, DateOnly day, CancellationToken ct) =>
        LoadAsync(t, $"""
            select {Columns} from atencion.turns
            where tenant_id = @t and service = @s and day = @d and status = 'waiting'
            order by number limit 1 for update skip locked
            """, p => { p.AddWithValue("t", tenant.Value); p.AddWithValue("s", service); p.AddWithValue("d", day); }, ct);

    /// <summary>One turn of the tenant, locked.</summary>
    public static Task<(Turn Turn, long Version)?> LockAsync(StoreTransaction t, TenantId tenant, Guid turnId, CancellationToken ct) =>
        LoadAsync(t, $"select {Columns} from atencion.turns where tenant_id = @t and turn_id = @id for update",
            p => { p.AddWithValue("t", tenant.Value); p.AddWithValue("id", turnId); }, ct);

    /// <summary>One turn of the tenant as it stands, without a lock: to decide whether it needs one.</summary>
    public static Task<(Turn Turn, long Version)?> ReadAsync(StoreTransaction t, TenantId tenant, Guid turnId, CancellationToken ct) =>
        LoadAsync(t, $"select {Columns} from atencion.turns where tenant_id = @t and turn_id = @id",
            p => { p.AddWithValue("t", tenant.Value); p.AddWithValue("id", turnId); }, ct);

    /// <summary>Appends a turn's events at the version it was loaded at.</summary>
    public static Task<AppendResult> AppendAsync(StoreTransaction t, TenantId tenant, Guid turnId, long version,
        IReadOnlyList<ITurnEvent> events, EventMetadata metadata, CancellationToken ct) =>
        t.AppendAsync(tenant, turnId, EventCatalog.TurnStream, ExpectedVersion.Exactly(version), events.Cast<object>().ToList(), metadata, ct);

    private static async Task<(Turn Turn, long Version)?> LoadAsync(StoreTransaction t, string sql,
        Action<Npgsql.NpgsqlParameterCollection> bind, CancellationToken ct)
    {
        await using var cmd = t.Command(sql);
        bind(cmd.Parameters);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        var status = Enum.Parse<TurnStatus>(r.GetString(4), ignoreCase: true);
        var turn = new Turn(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateOnly>(3), status,
            r.GetFieldValue<DateTimeOffset>(5), r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6));
        return (turn, r.GetInt64(7));
    }
}
