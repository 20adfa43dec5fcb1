using Atencion.EventStore.Marten.Store;
using Atencion.CaseService.Cases;
using Atencion.CaseService.Chat;
using Atencion.CaseService.Http;
using Atencion.Domain.Cases;
using Atencion.Domain.Chat;
using Atencion.Domain.Entities;
using Atencion.Domain.Surveys;
using Atencion.EventStore;
using Atencion.EventStore.Appending;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atencion.CaseService.Surveys;

/// <summary>
/// Closing a chat that was attended posts the closing script with the case's own survey link (chat is a virtual channel: always offered):
/// a close as answered, and a close for inactivity (by staff or the idle-chat job) after an advisor wrote in the chat (<see cref="ChatClosingSurvey"/>).
/// </summary>
public static class SurveyOnChatClosing
{
    public static async Task<Ok<ChatCommandResult>> CloseAsync(Guid caseId, ChatCloseReason? reason, HttpContext http, CaseCommands cases, CancellationToken ct)
    {
        var entity = TenantFilter.EntityOf(http);
        var tenant = TenantFilter.TenantOf(http);
        var offers = http.RequestServices.GetRequiredService<SurveyOffers>();
        await cases.HandleAsync(tenant, caseId, null, Actor.Metadata(http, "chat"), (c, t, token) =>
        {
            var closing = ChatDecisions.Close(c, reason, Guid.CreateVersion7(), entity.Settings.Scripts.Closing);
            return WithSurveyAsync(closing, c, entity.Settings, offers, t, tenant, cases.Now, token);
        }, ct);
        return await ProtocolEndpoints.Answer(caseId, http, ct);
    }

    /// <summary>
    /// The chat's events with the survey when they close the chat in a way that offers one: the closing script (posted, or added before
    /// <see cref="ChatClosed"/>) carries the case's link, and the offer's events (with the email) follow. Other events pass unchanged.
    /// </summary>
    public static async Task<Decision> WithSurveyAsync(IReadOnlyList<ICaseEvent> events, Case c, EntitySettings settings, SurveyOffers offers,
        StoreTransaction t, TenantId tenant, DateTimeOffset now, CancellationToken ct)
    {
        if (events.OfType<ChatClosed>().FirstOrDefault() is not { } closed || !ChatClosingSurvey.Offers(c.Chat, closed.Reason)) return new Decision(events);
        var offered = await offers.OfferAsync(t, tenant, c, settings, c.Assignee, now, ct);
        if (offered is null) return new Decision(events);
        var script = SurveyOffers.WithLink(settings.Scripts.Closing, settings.Survey.Url, offered.Link);
        var messageId = events.OfType<MessagePosted>().FirstOrDefault(m => m.Script == ChatState.ClosingScript)?.MessageId ?? Guid.CreateVersion7();
        var before = events.Where(e => e is not ChatClosed && e is not MessagePosted { Script: ChatState.ClosingScript });
        return new Decision([.. before, new MessagePosted(messageId, MessageSender.System, null, script, ChatState.ClosingScript), closed, .. offered.Events],
            Survey: offered);
    }
}
