using Atencion.Domain.Cases;

namespace Atencion.Domain.Chat;

/// <summary>Who wrote a chat message.</summary>
public enum MessageSender
{
    /// <summary>The citizen, with their chat token.</summary>
    Citizen,
    /// <summary>A staff member.</summary>
    Advisor,
    /// <summary>The service, posting one of the entity's scripts.</summary>
    System,
}

/// <summary>How a chat started: with an advisor online, or offline waiting for an email answer.</summary>
public enum ChatMode
{
    /// <summary>An advisor was present within chat hours.</summary>
    Live,
    /// <summary>Outside hours or nobody present: the question waits for an answer by email.</summary>
    Offline,
}

/// <summary>Why a chat conversation ended (the case itself may stay open).</summary>
public enum ChatCloseReason
{
    /// <summary>The citizen's question was answered.</summary>
    Answered,
    /// <summary>Terminated for the citizen's conduct.</summary>
    Conduct,
    /// <summary>The citizen went silent past the entity's limit.</summary>
    Inactivity,
    /// <summary>The citizen left.</summary>
    Citizen,
}

/// <summary>A chat started on the case (opened on the chat channel).</summary>
/// <param name="Mode">Live or offline.</param>
public sealed record ChatStarted(ChatMode Mode) : ICaseEvent;

/// <summary>A message was posted in the case's chat.</summary>
/// <param name="MessageId">The message's id.</param>
/// <param name="From">Who wrote it.</param>
/// <param name="Author">The staff member's user id, the citizen's name, or null for the system.</param>
/// <param name="Text">The plain text (never HTML).</param>
/// <param name="Script">The script a system message posted (e.g. idle-prompt), else null.</param>
public sealed record MessagePosted(Guid MessageId, MessageSender From, string? Author, string Text, string? Script = null) : ICaseEvent;

/// <summary>A supervisor withdrew a message: hidden from views, kept in the history for auditors.</summary>
/// <param name="MessageId">The withdrawn message.</param>
public sealed record MessageWithdrawn(Guid MessageId) : ICaseEvent;

/// <summary>The citizen answered the satisfaction check.</summary>
/// <param name="Satisfied">Whether the answer satisfied them.</param>
public sealed record SatisfactionConfirmed(bool Satisfied) : ICaseEvent;

/// <summary>The chat conversation ended; an unanswered question keeps the case open for an email answer.</summary>
/// <param name="Reason">Why.</param>
public sealed record ChatClosed(ChatCloseReason Reason) : ICaseEvent;
