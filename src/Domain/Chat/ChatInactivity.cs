using Atencion.Domain.Cases;
using Atencion.Domain.Entities;

namespace Atencion.Domain.Chat;

/// <summary>The inactivity rule (Tenjo protocol): after the citizen's silence ask whether they are online, once; after a longer silence close the chat.</summary>
public static class ChatInactivity
{
    /// <summary>The events the citizen's silence calls for at <paramref name="now"/>; none while the chat is not live or the silence is short.</summary>
    public static IReadOnlyList<ICaseEvent> Decide(ChatState? chat, DateTimeOffset now, ChatTimings timings, string idlePrompt, Guid messageId)
    {
        if (chat is not { Status: ChatStatus.Live }) return [];
        var silence = now - chat.CitizenActiveAt;
        if (silence >= TimeSpan.FromSeconds(timings.IdleCloseAfterSeconds)) return [new ChatClosed(ChatCloseReason.Inactivity)];
        if (silence >= TimeSpan.FromSeconds(timings.IdlePromptAfterSeconds) && !chat.IdlePrompted)
            return [new MessagePosted(messageId, MessageSender.System, null, idlePrompt, ChatState.IdlePromptScript)];
        return [];
    }
}
