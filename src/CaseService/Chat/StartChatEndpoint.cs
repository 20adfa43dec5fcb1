using RequiredAttribute = System.ComponentModel.DataAnnotations.RequiredAttribute;
using Atencion.CaseService.Cases;
using Atencion.CaseService.Entities;
using Atencion.CaseService.Http;
using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;
using Atencion.Domain.Chat;
using Atencion.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atencion.CaseService.Chat;

/// <summary>The chat widget's first form.</summary>
/// <param name="Name">The citizen's name.</param>
/// <param name="Email">Where an answer goes if the chat drops or is offline (required).</param>
/// <param name="Question">The question; required when the chat is offline.</param>
/// <param name="DataProcessingConsent">Must be true (Ley 1581 de 2012).</param>
public sealed record StartChatRequest([Required] string? Name, [Required] string? Email, string? Question, [Required] bool? DataProcessingConsent);

/// <summary>The chat's case, the citizen's token for it, and whether an advisor took it (live) or it waits for an email answer (offline).</summary>
public sealed record ChatStartedResponse(Guid CaseId, string ChatToken, string Mode, DateTimeOffset? NextOpening);

public static class StartChatEndpoint
{
    public const string Subject = "Chat";

    public static async Task<Created<ChatStartedResponse>> Handle(StartChatRequest request, HttpContext http, CaseCommands cases,
        ChatTokens tokens, TimeProvider time, CancellationToken ct)
    {
        var entity = TenantFilter.EntityOf(http);
        var tenant = TenantFilter.TenantOf(http);
        var clock = EntityClock.For(entity, time);
        var v = new Validator().Required("name", request.Name, 200).Optional("question", request.Question, ChatDecisions.MaxText);
        v.Email("email", request.Email, required: true);
        if (request.DataProcessingConsent != true) v.Add("dataProcessingConsent", "must be true: personal data are processed only with consent (Ley 1581 de 2012).");
        v.ThrowIfAny();

        var caseId = Guid.CreateVersion7();
        var question = string.IsNullOrWhiteSpace(request.Question) ? null : request.Question.Trim();
        var citizen = new Citizen(request.Name!.Trim(), request.Email!.Trim(), null, null, null);
        var opening = new OpenCase(caseId, Channel.Chat, citizen, Subject, question ?? "Conversación por chat.", null).Decide(clock);
        var hours = ChatHours.Of(entity, time);
        var scripts = entity.Settings.Scripts;

        var (_, decided) = await cases.OpenAsync(tenant, caseId, opening, Actor.Metadata(http, "chat"), async (t, c) =>
        {
            var assignee = hours.IsOpen(clock.Now) ? await Assignment.PickAsync(t, tenant, null, clock.Now, c) : null;
            if (assignee is null)
            {
                if (question is null)
                    throw new ValidationFailed(new Dictionary<string, string[]> { ["question"] = ["is required while the chat is offline: it is answered by email."] });
                return new Decision([new ChatStarted(ChatMode.Offline), new MessagePosted(Guid.CreateVersion7(), MessageSender.Citizen, citizen.Name, question)]);
            }
            var local = TimeZoneInfo.ConvertTime(clock.Now, clock.Zone);
            List<ICaseEvent> events =
            [
                new ChatStarted(ChatMode.Live),
                new CaseAssigned(assignee, null, true),
                new MessagePosted(Guid.CreateVersion7(), MessageSender.System, null, local.Hour < 12 ? scripts.GreetingMorning : scripts.GreetingAfternoon, "greeting"),
                new MessagePosted(Guid.CreateVersion7(), MessageSender.System, null, scripts.AskHowToHelp, "ask-how-to-help"),
            ];
            if (question is not null) events.Add(new MessagePosted(Guid.CreateVersion7(), MessageSender.Citizen, citizen.Name, question));
            return new Decision(events, Assignee: assignee);
        }, ct);

        var live = decided.Assignee is not null;
        return TypedResults.Created($"/api/{tenant}/chats/{caseId}/messages", new ChatStartedResponse(caseId, tokens.Issue(tenant.Value, caseId, citizen.Name!),
            live ? "live" : "offline", live ? null : hours.NextOpening(clock.Now)));
    }
}
