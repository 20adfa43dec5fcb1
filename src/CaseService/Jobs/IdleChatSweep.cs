using Atencion.CaseService.Chat;
using Atencion.Projections.Entities;
using Npgsql;

namespace Atencion.CaseService.Jobs;

/// <summary>Posts the idle prompt and closes chats whose citizen fell silent past the entity's timings (the Tenjo protocol).</summary>
public sealed class IdleChatSweep(
    NpgsqlDataSource db, EntityRegistry entities, ChatInactivityRunner runner, TimeProvider time, ILogger<IdleChatSweep> log) : ISweep
{
    /// <summary>The sweep's name.</summary>
    public const string JobName = "idle-chats";

    /// <inheritdoc />
    public string Name => JobName;

    /// <summary>Live chats silent past the prompt (not yet prompted) or past the close.</summary>
    internal const string CandidatesSql = """
        select case_id from atencion.case_views
        where tenant_id = @t and chat_live
          and (((view -> 'chat' ->> 'citizenActiveAt')::timestamptz <= @prompt_before
                and not coalesce((view -> 'chat' ->> 'idlePrompted')::boolean, false))
            or (view -> 'chat' ->> 'citizenActiveAt')::timestamptz <= @close_before)
        limit 500
        """;

    /// <inheritdoc />
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var acted = 0;
        var now = time.GetUtcNow();
        foreach (var tenant in await entities.ListAsync(ct))
        {
            var entity = await entities.FindAsync(tenant, ct);
            if (entity is null) continue;
            var timings = entity.Settings.Chat;
            await using var cmd = db.CreateCommand(CandidatesSql);
            cmd.Parameters.AddWithValue("t", tenant);
            cmd.Parameters.AddWithValue("prompt_before", now.AddSeconds(-timings.IdlePromptAfterSeconds));
            cmd.Parameters.AddWithValue("close_before", now.AddSeconds(-timings.IdleCloseAfterSeconds));
            var ids = new List<Guid>();
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
            foreach (var caseId in ids)
            {
                try { acted += await runner.RunAsync(tenant, caseId, ct); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "Idle check of chat {CaseId} of {Tenant} failed", caseId, tenant);
                }
            }
        }
        return acted;
    }
}
