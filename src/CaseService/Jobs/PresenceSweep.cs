using Atencion.CaseService.Chat;
using Microsoft.AspNetCore.SignalR;
using Npgsql;

namespace Atencion.CaseService.Jobs;

/// <summary>Advisors whose presence heartbeat lapsed become absent: their presence is cleared and the entity's console is told.</summary>
/// <remarks>
/// Availability and assignment already ignore a lapsed heartbeat (they compare it with the clock), so nobody is routed
/// to an advisor who left. This sweep makes the absence explicit in the staff list and announces it, once: the update
/// only matches rows whose heartbeat is still set.
/// </remarks>
public sealed class PresenceSweep(NpgsqlDataSource db, IHubContext<ChatHub> hub, TimeProvider time) : ISweep
{
    /// <summary>The sweep's name.</summary>
    public const string JobName = "presence";

    /// <inheritdoc />
    public string Name => JobName;

    /// <inheritdoc />
    public async Task<int> RunAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            update atencion.staff set present_until = null, absent_since = present_until
            where present_until is not null and present_until <= @now
            returning tenant_id, user_id, absent_since
            """);
        cmd.Parameters.AddWithValue("now", time.GetUtcNow());
        var lapsed = new List<(string Tenant, string User, DateTimeOffset Since)>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) lapsed.Add((reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        foreach (var (tenant, user, since) in lapsed)
            await hub.Clients.Group(ChatHub.Supervisors(tenant)).SendAsync("presence", new PresenceLapsed(user, since), ct);
        return lapsed.Count;
    }
}

/// <summary>What the console hears when an advisor's heartbeat lapses.</summary>
/// <param name="UserId">The advisor.</param>
/// <param name="AbsentSince">When their last heartbeat ran out.</param>
public sealed record PresenceLapsed(string UserId, DateTimeOffset AbsentSince);
