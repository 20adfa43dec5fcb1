namespace Atencion.Domain.Chat;

/// <summary>Where a case's chat stands.</summary>
public enum ChatStatus
{
    /// <summary>Offline: the question waits for an answer by email.</summary>
    Waiting,
    /// <summary>An advisor and the citizen are talking.</summary>
    Live,
    /// <summary>The conversation ended.</summary>
    Closed,
}

/// <summary>What chat decisions need: status, the citizen's last activity, whether the idle prompt went out, the messages' ids.</summary>
/// <param name="Status">Waiting, live or closed.</param>
/// <param name="CitizenActiveAt">The start of the citizen's current silence: their last message, or the chat's start.</param>
/// <param name="IdlePrompted">Whether the idle prompt was posted during the current silence.</param>
/// <param name="AdvisorAnswered">Whether staff posted a message (the question got an answer in the chat).</param>
/// <param name="Messages">Ids of the messages posted, withdrawn ones included.</param>
/// <param name="SatisfactionAsked">Whether the satisfaction check was posted and not yet answered.</param>
public sealed record ChatState(ChatStatus Status, DateTimeOffset CitizenActiveAt, bool IdlePrompted, bool AdvisorAnswered,
    IReadOnlySet<Guid> Messages, bool SatisfactionAsked)
{
    /// <summary>The script name of the idle prompt.</summary>
    public const string IdlePromptScript = "idle-prompt";

    /// <summary>The script name of the closing message (which carries the survey link).</summary>
    public const string ClosingScript = "closing";

    /// <summary>The script name of the satisfaction check.</summary>
    public const string SatisfactionScript = "satisfaction-check";

    /// <summary>Ids of the messages a supervisor withdrew.</summary>
    public IReadOnlySet<Guid> Withdrawn { get; init; } = new HashSet<Guid>();

    /// <summary>The state right after a chat started.</summary>
    public static ChatState Start(ChatStarted started, DateTimeOffset at) =>
        new(started.Mode == ChatMode.Live ? ChatStatus.Live : ChatStatus.Waiting, at, false, false, new HashSet<Guid>(), false);

    /// <summary>The state after one more chat event.</summary>
    public ChatState Apply(object @event, DateTimeOffset at) => @event switch
    {
        MessagePosted { From: MessageSender.Citizen } m => this with { CitizenActiveAt = at, IdlePrompted = false, Messages = With(m.MessageId) },
        MessagePosted { Script: IdlePromptScript } m => this with { IdlePrompted = true, Messages = With(m.MessageId) },
        MessagePosted { Script: SatisfactionScript } m => this with { SatisfactionAsked = true, Messages = With(m.MessageId) },
        MessagePosted { From: MessageSender.Advisor } m => this with { AdvisorAnswered = true, Messages = With(m.MessageId) },
        MessagePosted m => this with { Messages = With(m.MessageId) },
        MessageWithdrawn w => this with { Withdrawn = new HashSet<Guid>(Withdrawn) { w.MessageId } },
        SatisfactionConfirmed => this with { SatisfactionAsked = false },
        ChatClosed => this with { Status = ChatStatus.Closed },
        _ => this,
    };

    private HashSet<Guid> With(Guid id) => [.. Messages, id];
}
