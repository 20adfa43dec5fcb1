using RequiredAttribute = System.ComponentModel.DataAnnotations.RequiredAttribute;
using Atencion.CaseService.Cases;
using Atencion.CaseService.Http;
using Atencion.Domain.Cases;
using Atencion.Domain.Chat;
using Atencion.Domain.Entities;
using Atencion.Projections.Cases;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atencion.CaseService.Chat;

/// <summary>The citizen's answer to "¿Es satisfactoria la respuesta?".</summary>
public sealed record SatisfactionRequest([Required] bool? Satisfied);

/// <summary>End the chat: answered (posts the closing script with the survey link), conduct, inactivity or citizen.</summary>
public sealed record CloseChatRequest([Required] ChatCloseReason? Reason);

/// <summary>What a protocol verb answers: the chat's status and the case's version after it.</summary>
public sealed record ChatCommandResult(Guid CaseId, ChatStatus Status, long Version);

/// <summary>The protocol's verbs: scripts posted by staff, the citizen's satisfaction, closing, withdrawing a message.</summary>
public static class ProtocolEndpoints
{
    public static Task<Ok<ChatCommandResult>> ConductWarning(Guid caseId, HttpContext http, CaseCommands cases, CancellationToken ct) =>
        Run(caseId, http, cases, (c, s) => ChatDecisions.Script(c, Guid.CreateVersion7(), s.Scripts.ConductWarning, "conduct-warning"), ct);

    public static Task<Ok<ChatCommandResult>> SatisfactionCheck(Guid caseId, HttpContext http, CaseCommands cases, CancellationToken ct) =>
        Run(caseId, http, cases, (c, s) => ChatDecisions.Script(c, Guid.CreateVersion7(), s.Scripts.SatisfactionCheck, ChatState.SatisfactionScript), ct);

    public static Task<Ok<ChatCommandResult>> Satisfaction(Guid caseId, SatisfactionRequest request, HttpContext http, CaseCommands cases, CancellationToken ct)
    {
        ChatTokens.RequireCitizen(http, caseId);
        return Run(caseId, http, cases, (c, _) => ChatDecisions.Satisfaction(c, request.Satisfied), ct);
    }

    public static Task<Ok<ChatCommandResult>> Close(Guid caseId, CloseChatRequest request, HttpContext http, CaseCommands cases, CancellationToken ct)
    {
        ChatTokens.RequireCase(http, caseId);
        if (ChatTokens.IsCitizen(http.User) && request.Reason is not (null or ChatCloseReason.Citizen))
            throw new ForbiddenForRole("The citizen closes a chat only with the reason 'citizen'.");
        return Surveys.SurveyOnChatClosing.CloseAsync(caseId, request.Reason, http, cases, ct);
    }

    public static Task<Ok<ChatCommandResult>> Withdraw(Guid caseId, Guid messageId, HttpContext http, CaseCommands cases, CancellationToken ct) =>
        Run(caseId, http, cases, (c, _) => ChatDecisions.Withdraw(c, messageId), ct);

    internal static async Task<Ok<ChatCommandResult>> Answer(Guid caseId, HttpContext http, CancellationToken ct)
    {
        var view = await http.RequestServices.GetRequiredService<CaseViews>().GetAsync(TenantFilter.TenantOf(http), caseId, ct);
        return TypedResults.Ok(new ChatCommandResult(caseId, view!.Chat!.Status, view.Version));
    }

    private static async Task<Ok<ChatCommandResult>> Run(Guid caseId, HttpContext http, CaseCommands cases,
        Func<Case, EntitySettings, IReadOnlyList<ICaseEvent>> decide, CancellationToken ct)
    {
        var entity = TenantFilter.EntityOf(http);
        var (result, _) = await cases.HandleAsync(TenantFilter.TenantOf(http), caseId, null, Actor.Metadata(http, "chat"),
            c => decide(c, entity.Settings), ct);
        var view = await http.RequestServices.GetRequiredService<CaseViews>().GetAsync(TenantFilter.TenantOf(http), caseId, ct);
        return TypedResults.Ok(new ChatCommandResult(caseId, view!.Chat!.Status, view.Version));
    }
}
