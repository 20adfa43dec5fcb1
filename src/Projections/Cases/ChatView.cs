using Atencion.Domain.Chat;
using Atencion.EventStore;

namespace Atencion.Projections.Cases;

/// <summary>A chat message as the citizen and the console see it.</summary>
public sealed record ChatMessage(Guid MessageId, MessageSender From, string? Author, string Text, DateTimeOffset At);

/// <summary>The chat section of a case view: its status, why it closed, the visible messages (withdrawn ones are left out).</summary>
public sealed record ChatView(ChatMode Mode, ChatStatus Status, ChatCloseReason? ClosedReason, bool? Satisfied, IReadOnlyList<ChatMessage> Messages)
{
    /// <summary>The start of the citizen's current silence: their last message, or the chat's start (the idle-chat job reads it).</summary>
    public DateTimeOffset? CitizenActiveAt { get; init; }

    /// <summary>When the chat closed (null while open, and on views folded before it was recorded).</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Whether the idle prompt was posted during the current silence.</summary>
    public bool IdlePrompted { get; init; }

    /// <summary>Folds one chat event into the section (null until the chat starts).</summary>
    public static ChatView? Evolve(ChatView? chat, RecordedEvent e) => e.Data switch
    {
        ChatStarted s => new ChatView(s.Mode, s.Mode == ChatMode.Live ? ChatStatus.Live : ChatStatus.Waiting, null, null, []) { CitizenActiveAt = e.RecordedAt },
        MessagePosted m when chat is not null => chat with
        {
            Messages = [.. chat.Messages, new ChatMessage(m.MessageId, m.From, m.Author, m.Text, e.RecordedAt)],
            CitizenActiveAt = m.From == MessageSender.Citizen ? e.RecordedAt : chat.CitizenActiveAt,
            IdlePrompted = m.From != MessageSender.Citizen && (chat.IdlePrompted || m.Script == ChatState.IdlePromptScript),
        },
        MessageWithdrawn w when chat is not null => chat with { Messages = chat.Messages.Where(m => m.MessageId != w.MessageId).ToList() },
        SatisfactionConfirmed s when chat is not null => chat with { Satisfied = s.Satisfied },
        ChatClosed c when chat is not null => chat with { Status = ChatStatus.Closed, ClosedReason = c.Reason, ClosedAt = e.RecordedAt },
        _ => chat,
    };
}
