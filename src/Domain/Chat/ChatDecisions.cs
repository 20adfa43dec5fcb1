using Atencion.Domain.Cases;
using Atencion.Domain.Common;

namespace Atencion.Domain.Chat;

/// <summary>The chat's pure decisions: posting messages, the protocol's scripts, withdrawal, satisfaction and closing.</summary>
public static class ChatDecisions
{
    /// <summary>The longest message accepted.</summary>
    public const int MaxText = 4000;

    /// <summary>A message by the citizen or staff: trimmed plain text of at most 4000 characters, no control characters but line breaks and tabs.</summary>
    public static IReadOnlyList<ICaseEvent> Post(Case c, Guid messageId, MessageSender from, string? author, string? text)
    {
        new Validator().Required("text", text, MaxText).ThrowIfAny();
        var chat = LiveOrWaiting(c);
        if (from == MessageSender.Citizen && chat.Status != ChatStatus.Live)
            throw new RuleViolated("The chat is waiting for an answer by email; it takes no more messages from the citizen.", "waiting");
        return [new MessagePosted(messageId, from, author, text!.Trim())];
    }

    /// <summary>A script of the entity posted as a system message.</summary>
    public static IReadOnlyList<ICaseEvent> Script(Case c, Guid messageId, string text, string? script = null)
    {
        LiveOrWaiting(c);
        return [new MessagePosted(messageId, MessageSender.System, null, text, script)];
    }

    /// <summary>The citizen answers the satisfaction check; only after it was asked.</summary>
    public static IReadOnlyList<ICaseEvent> Satisfaction(Case c, bool? satisfied)
    {
        if (satisfied is null) throw new ValidationFailed(new Dictionary<string, string[]> { ["satisfied"] = ["is required: true or false."] });
        var chat = LiveOrWaiting(c);
        if (!chat.SatisfactionAsked) throw new RuleViolated("The satisfaction check was not asked (or was already answered).", "not-asked");
        return [new SatisfactionConfirmed(satisfied.Value)];
    }

    /// <summary>A supervisor withdraws a message of this chat.</summary>
    public static IReadOnlyList<ICaseEvent> Withdraw(Case c, Guid messageId)
    {
        if (c.Chat is null || !c.Chat.Messages.Contains(messageId)) throw new NotFoundInCase($"The chat has no message {messageId}.");
        if (c.Chat.Withdrawn.Contains(messageId)) return [];
        return [new MessageWithdrawn(messageId)];
    }

    /// <summary>Ends the conversation with a reason, posting the closing script (with the survey link) when the citizen was answered.</summary>
    public static IReadOnlyList<ICaseEvent> Close(Case c, ChatCloseReason? reason, Guid messageId, string closingScript)
    {
        if (reason is null) throw new ValidationFailed(new Dictionary<string, string[]> { ["reason"] = ["is required: answered, conduct, inactivity or citizen."] });
        LiveOrWaiting(c);
        return reason == ChatCloseReason.Answered
            ? [new MessagePosted(messageId, MessageSender.System, null, closingScript, ChatState.ClosingScript), new ChatClosed(reason.Value)]
            : [new ChatClosed(reason.Value)];
    }

    private static ChatState LiveOrWaiting(Case c)
    {
        if (c.Chat is null) throw new NotFoundInCase("The case has no chat.");
        if (c.Chat.Status == ChatStatus.Closed) throw new RuleViolated("The chat is closed.", "closed");
        return c.Chat;
    }
}

/// <summary>Something the request names does not exist in the case (a message, or the chat itself).</summary>
/// <param name="Message">What is missing.</param>
public sealed class NotFoundInCase(string Message) : Exception(Message);
