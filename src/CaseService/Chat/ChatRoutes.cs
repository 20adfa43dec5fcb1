using Atencion.CaseService.Auth;
using Atencion.CaseService.Http;

namespace Atencion.CaseService.Chat;

/// <summary>
/// The chat's routes: availability and start (anonymous, rate-limited), messages (citizen token or staff), the protocol's verbs
/// (staff). The ones a citizen calls are <see cref="Http.CitizenFacing"/>.
/// </summary>
public static class ChatRoutes
{
    public static RouteGroupBuilder MapChat(this RouteGroupBuilder api)
    {
        api.MapGet("/chat/availability", AvailabilityEndpoint.Handle).WithTags("Chat").RequireCors(EntityCorsPolicyProvider.Policy).AllowAnonymous().CitizenFacing().RequireRateLimiting(PublicRateLimits.Policy(PublicRateLimits.Chat))
            .WithSummary("Whether the chat is online; when not, why (outside-hours, holiday, no-advisor) and the next opening.");
        // CORS on the citizen's endpoints only: the staff verbs answer no web page.
        var chats = api.MapGroup("/chats").WithTags("Chat").AddEndpointFilter(ClosedChatGrace.Filter);
        chats.MapPost("/", StartChatEndpoint.Handle).AllowAnonymous().CitizenFacing().RequireCors(EntityCorsPolicyProvider.Policy).RequireRateLimiting(PublicRateLimits.Policy(PublicRateLimits.Chat))
            .WithSummary("Start a chat: opens a case on the chat channel and answers the citizen's chat token; live with an advisor, or offline for an email answer.")
            .ProducesValidationProblem().ProducesProblem(429);
        chats.MapPost("/{caseId:guid}/messages", MessagesEndpoints.Post).RequireAuthorization(Roles.InChat).CitizenFacing().RequireCors(EntityCorsPolicyProvider.Policy)
            .WithSummary("Post a message (the citizen with the chat token of this case, or staff who work cases).").ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);
        chats.MapGet("/{caseId:guid}/messages", MessagesEndpoints.Get).RequireAuthorization(Roles.InChat).CitizenFacing().RequireCors(EntityCorsPolicyProvider.Policy)
            .WithSummary("The chat's status and visible messages, after ?after={messageId} when given.").ProducesProblem(404);
        chats.MapPost("/{caseId:guid}/satisfaction", ProtocolEndpoints.Satisfaction).RequireAuthorization(Roles.InChat).CitizenFacing().RequireCors(EntityCorsPolicyProvider.Policy)
            .WithSummary("The citizen answers the satisfaction check (chat token only).").ProducesValidationProblem().ProducesProblem(403).ProducesProblem(409);
        chats.MapPost("/{caseId:guid}/close", ProtocolEndpoints.Close).RequireAuthorization(Roles.InChat).CitizenFacing().RequireCors(EntityCorsPolicyProvider.Policy)
            .WithSummary("End the chat: staff with answered, conduct, inactivity or citizen; the citizen with citizen.").ProducesValidationProblem().ProducesProblem(409);
        chats.MapPost("/{caseId:guid}/conduct-warning", ProtocolEndpoints.ConductWarning).RequireAuthorization(Roles.WorksCases)
            .WithSummary("Post the entity's conduct warning.").ProducesProblem(404).ProducesProblem(409);
        chats.MapPost("/{caseId:guid}/satisfaction-check", ProtocolEndpoints.SatisfactionCheck).RequireAuthorization(Roles.WorksCases)
            .WithSummary("Ask \"¿Es satisfactoria la respuesta?\".").ProducesProblem(404).ProducesProblem(409);
        chats.MapPost("/{caseId:guid}/messages/{messageId:guid}/withdraw", ProtocolEndpoints.Withdraw).RequireAuthorization(Roles.Supervises)
            .WithSummary("Withdraw a message (supervisor): hidden from the chat and the case view, kept in the history.").ProducesProblem(404);
        return api;
    }
}
