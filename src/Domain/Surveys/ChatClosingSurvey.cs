using Atencion.Domain.Chat;

namespace Atencion.Domain.Surveys;

/// <summary>Which chat closes offer the satisfaction survey: those that end an attention.</summary>
/// <remarks>
/// A chat closed as answered was attended. A chat closed for inactivity was attended when an advisor wrote in it at least once
/// (the citizen then went silent): that attention is rated like any other. A chat nobody answered, or one closed for the
/// citizen's conduct or by the citizen, ends without an attention to rate.
/// </remarks>
public static class ChatClosingSurvey
{
    /// <summary>Whether closing <paramref name="chat"/> for <paramref name="reason"/> offers the survey.</summary>
    public static bool Offers(ChatState? chat, ChatCloseReason reason) => reason switch
    {
        ChatCloseReason.Answered => true,
        ChatCloseReason.Inactivity => chat?.AdvisorAnswered == true,
        _ => false,
    };
}
