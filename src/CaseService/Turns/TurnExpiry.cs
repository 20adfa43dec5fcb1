using Atencion.EventStore.Marten.Store;
using Atencion.CaseService.Entities;
using Atencion.Domain.Turns;
using Atencion.EventStore;
using Atencion.Projections.Entities;
using Npgsql;

namespace Atencion.CaseService.Turns;

/// <summary>Expires no-shows (called, not served within <see cref="TurnSettings.NoShowAfter"/>) and turns still waiting when their day ended.</summary>
/// <remarks>Job-callable and idempotent: each expiry appends at the turn's version, so a turn served or expired meanwhile is left alone.</remarks>
public sealed class TurnExpiry(NpgsqlDataSource db, MartenEventStore store, EntityRegistry entities, TurnSettings settings,
    TimeProvider time, ILogger<TurnExpiry> log)
{
    /// <summary>Expires what is due now, across tenants; returns how many turns expired.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var candidates = new List<(string Tenant, Guid TurnId)>();
        // Calls older than the no-show time, and anything open of a day before (in any zone) yesterday's UTC date or later.
        await using (var cmd = db.CreateCommand("""
            select tenant_id, turn_id from atencion.turns
            where (status = 'called' and called_at <= $1) or (status in ('waiting', 'called') and day < $2)
            """))
        {
            cmd.Parameters.AddWithValue(now - settings.NoShowAfter);
            cmd.Parameters.AddWithValue(DateOnly.FromDateTime(now.UtcDateTime).AddDays(1));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) candidates.Add((r.GetString(0), r.GetGuid(1)));
        }
        var expired = 0;
        foreach (var group in candidates.GroupBy(c => c.Tenant))
        {
            var entity = await entities.FindAsync(group.Key, ct);
            if (entity is null) continue;
            var today = EntityClock.For(entity, time).Today;
            var tenant = new TenantId(group.Key);
            foreach (var (_, turnId) in group)
            {
                try
                {
                    expired += await store.InTransactionRetryingAsync(async (t, c) =>
                    {
                        // Decide before locking: the candidates include every turn open today (the query spans all zones), and a
                        // desk's call-next skips locked rows, so locking a turn that is not due would hide it from the desk.
                        if (await TurnStore.ReadAsync(t, tenant, turnId, c) is not var (seen, _) || seen.Expire(now, today, settings.NoShowAfter).Count == 0)
                            return 0;
                        if (await TurnStore.LockAsync(t, tenant, turnId, c) is not var (turn, version)) return 0;
                        var events = turn.Expire(now, today, settings.NoShowAfter);
                        if (events.Count == 0) return 0;
                        await TurnStore.AppendAsync(t, tenant, turnId, version, events, EventMetadata.System("kiosk"), c);
                        return 1;
                    }, ct);
                }
                catch (WrongExpectedVersionException)
                {
                    log.LogInformation("Turn {TurnId} changed while expiring; left for the next run.", turnId);
                }
            }
        }
        return expired;
    }
}
