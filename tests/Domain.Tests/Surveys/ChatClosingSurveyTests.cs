using Atencion.Domain.Chat;
using Atencion.Domain.Surveys;

namespace Atencion.Domain.Tests.Surveys;

public sealed class ChatClosingSurveyTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);

    private static ChatState Live() => ChatState.Start(new ChatStarted(ChatMode.Live), At);

    private static ChatState Attended() => Live().Apply(new MessagePosted(Guid.NewGuid(), MessageSender.Advisor, "asesora", "Buenos días"), At);

    [Theory]
    [InlineData(ChatCloseReason.Answered, true)]
    [InlineData(ChatCloseReason.Inactivity, true)]
    [InlineData(ChatCloseReason.Conduct, false)]
    [InlineData(ChatCloseReason.Citizen, false)]
    public void An_attended_chat_offers_the_survey_when_closed_as_answered_or_for_inactivity(ChatCloseReason reason, bool offered) =>
        Assert.Equal(offered, ChatClosingSurvey.Offers(Attended(), reason));

    [Fact]
    public void A_chat_nobody_answered_offers_none_when_closed_for_inactivity_even_after_the_citizen_and_the_idle_prompt_spoke()
    {
        var chat = Live()
            .Apply(new MessagePosted(Guid.NewGuid(), MessageSender.Citizen, null, "¿Hola?"), At)
            .Apply(new MessagePosted(Guid.NewGuid(), MessageSender.System, null, "¿Se encuentra en línea?", ChatState.IdlePromptScript), At);
        Assert.False(ChatClosingSurvey.Offers(chat, ChatCloseReason.Inactivity));
        Assert.True(ChatClosingSurvey.Offers(chat, ChatCloseReason.Answered));
    }
}
