using Atencion.CaseService.Cases;
using Atencion.CaseService.Chat;
using Atencion.CaseService.Http;
using Atencion.Domain.Chat;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atencion.CaseService.Surveys;

/// <summary>Closing a chat as answered posts the closing script with the case's own survey link (chat is a virtual channel: always offered).</summary>
public static class SurveyOnChatClosing
{
    public static async Task<Ok<ChatCommandResult>> CloseAsync(Guid caseId, ChatCloseReason? reason, HttpContext http, CaseCommands cases, CancellationToken ct)
    {
        var entity = TenantFilter.EntityOf(http);
        var tenant = TenantFilter.TenantOf(http);
        var offers = http.RequestServices.GetRequiredService<SurveyOffers>();
        await cases.HandleAsync(tenant, caseId, null, Actor.Metadata(http, "chat"), async (c, t, token) =>
        {
            var messageId = Guid.CreateVersion7();
            var closing = ChatDecisions.Close(c, reason, messageId, entity.Settings.Scripts.Closing);
            if (reason != ChatCloseReason.Answered) return new Decision(closing);
            var offered = await offers.OfferAsync(t, tenant, c, entity.Settings, c.Assignee, cases.Now, token);
            if (offered is null) return new Decision(closing);
            var script = SurveyOffers.WithLink(entity.Settings.Scripts.Closing, entity.Settings.Survey.Url, offered.Link);
            return new Decision([.. ChatDecisions.Close(c, reason, messageId, script), .. offered.Events], Survey: offered);
        }, ct);
        return await ProtocolEndpoints.Answer(caseId, http, ct);
    }
}
