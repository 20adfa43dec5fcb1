using Atencion.Domain.Chat;
using Atencion.EventStore;

namespace Atencion.Projections.Cases;

/// <summary>A chat message as the citizen and the console see it.</summary>
public sealed record ChatMessage(Guid MessageId, MessageSender From, string? Author, string Text, DateTimeOffset At);

/// <summary>The chat section of a case view: its status, why it closed, the visible messages (withdrawn ones are left out).</summary>
public sealed record ChatView(ChatMode Mode, ChatStatus Status, ChatCloseReason? ClosedReason, bool? Satisfied, IReadOnlyList<ChatMessage> Messages)
{
    /// <summary>Folds one chat event into the section (null until the chat starts).</summary>
    public static ChatView? Evolve(ChatView? chat, RecordedEvent e) => e.Data switch
    {
        ChatStarted s => new ChatView(s.Mode, s.Mode == ChatMode.Live ? ChatStatus.Live : ChatStatus.Waiting, null, null, []),
        MessagePosted m when chat is not null => chat with { Messages = [.. chat.Messages, new ChatMessage(m.MessageId, m.From, m.Author, m.Text, e.RecordedAt)] },
        MessageWithdrawn w when chat is not null => chat with { Messages = chat.Messages.Where(m => m.MessageId != w.MessageId).ToList() },
        SatisfactionConfirmed s when chat is not null => chat with { Satisfied = s.Satisfied },
        ChatClosed c when chat is not null => chat with { Status = ChatStatus.Closed, ClosedReason = c.Reason },
        _ => chat,
    };
}
