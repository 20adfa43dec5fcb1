using RequiredAttribute = System.ComponentModel.DataAnnotations.RequiredAttribute;
using Atencion.CaseService.Cases;
using Atencion.CaseService.Http;
using Atencion.Domain.Chat;
using Atencion.Projections.Cases;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atencion.CaseService.Chat;

/// <summary>A chat message to post.</summary>
public sealed record PostMessageRequest([Required] string? Text);

/// <summary>The posted message's id and when it was recorded.</summary>
public sealed record MessagePostedResponse(Guid MessageId, DateTimeOffset At);

/// <summary>The chat as its participants read it: status, why it closed, and the visible messages after the one asked for.</summary>
public sealed record ChatMessagesResponse(ChatStatus Status, ChatCloseReason? ClosedReason, IReadOnlyList<ChatMessage> Messages);

public static class MessagesEndpoints
{
    public static async Task<Created<MessagePostedResponse>> Post(Guid caseId, PostMessageRequest request, HttpContext http, CaseCommands cases,
        CancellationToken ct)
    {
        ChatTokens.RequireCase(http, caseId);
        var citizen = ChatTokens.IsCitizen(http.User);
        var from = citizen ? MessageSender.Citizen : MessageSender.Advisor;
        var author = citizen ? http.User.FindFirst("name")?.Value : http.User.FindFirst("sub")!.Value;
        var messageId = Guid.CreateVersion7();
        var (result, _) = await cases.HandleAsync(TenantFilter.TenantOf(http), caseId, null, Actor.Metadata(http, "chat"),
            c => ChatDecisions.Post(c, messageId, from, author, request.Text), ct);
        return TypedResults.Created($"/api/{TenantFilter.TenantOf(http)}/chats/{caseId}/messages?after={messageId}",
            new MessagePostedResponse(messageId, result.Events[^1].RecordedAt));
    }

    public static async Task<Ok<ChatMessagesResponse>> Get(Guid caseId, Guid? after, HttpContext http, CaseViews views, CancellationToken ct)
    {
        ChatTokens.RequireCase(http, caseId);
        var chat = (await views.GetAsync(TenantFilter.TenantOf(http), caseId, ct))?.Chat
            ?? throw new ResourceNotFound($"There is no chat {caseId}.");
        var messages = chat.Messages;
        if (after is { } id)
        {
            var index = messages.ToList().FindIndex(m => m.MessageId == id);
            messages = index < 0 ? messages : messages.Skip(index + 1).ToList();
        }
        return TypedResults.Ok(new ChatMessagesResponse(chat.Status, chat.ClosedReason, messages));
    }
}
