using Atencion.CaseService.Cases;
using Atencion.Domain.Chat;
using Atencion.EventStore;
using Atencion.Projections.Entities;

namespace Atencion.CaseService.Chat;

/// <summary>Applies the inactivity rule to one chat now: the entry point a job (or a test) calls per live chat.</summary>
public sealed class ChatInactivityRunner(CaseCommands cases, EntityRegistry entities, TimeProvider time)
{
    /// <summary>Posts the idle prompt or closes the chat when the citizen's silence calls for it; returns how many events were appended.</summary>
    public async Task<int> RunAsync(string tenant, Guid caseId, CancellationToken ct = default)
    {
        var entity = await entities.FindAsync(tenant, ct) ?? throw new Http.ResourceNotFound($"There is no entity '{tenant}'.");
        var metadata = new EventMetadata("system", "system", null, "chat", Guid.NewGuid());
        var (result, _) = await cases.HandleAsync(new TenantId(tenant), caseId, null, metadata,
            c => ChatInactivity.Decide(c.Chat, time.GetUtcNow(), entity.Settings.Chat, entity.Settings.Scripts.IdlePrompt, Guid.CreateVersion7()), ct);
        return result.Events.Count;
    }
}
