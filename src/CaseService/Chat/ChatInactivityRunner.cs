using Atencion.CaseService.Cases;
using Atencion.CaseService.Surveys;
using Atencion.Domain.Chat;
using Atencion.EventStore;
using Atencion.Projections.Entities;

namespace Atencion.CaseService.Chat;

/// <summary>Applies the inactivity rule to one chat now: the entry point a job (or a test) calls per live chat.</summary>
/// <remarks>A close for inactivity of a chat an advisor attended offers the survey (<see cref="SurveyOnChatClosing"/>).</remarks>
public sealed class ChatInactivityRunner(CaseCommands cases, EntityRegistry entities, SurveyOffers offers, TimeProvider time)
{
    /// <summary>Posts the idle prompt or closes the chat when the citizen's silence calls for it; returns how many events were appended.</summary>
    public async Task<int> RunAsync(string tenant, Guid caseId, CancellationToken ct = default)
    {
        var entity = await entities.FindAsync(tenant, ct) ?? throw new Http.ResourceNotFound($"There is no entity '{tenant}'.");
        var metadata = new EventMetadata("system", "system", null, "chat", Guid.NewGuid());
        var id = new TenantId(tenant);
        var (result, _) = await cases.HandleAsync(id, caseId, null, metadata, (c, t, token) =>
        {
            var now = time.GetUtcNow();
            var events = ChatInactivity.Decide(c.Chat, now, entity.Settings.Chat, entity.Settings.Scripts.IdlePrompt, Guid.CreateVersion7());
            return SurveyOnChatClosing.WithSurveyAsync(events, c, entity.Settings, offers, t, id, now, token);
        }, ct);
        return result.Events.Count;
    }
}
