using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;
using Atencion.Domain.Chat;

namespace Atencion.Domain.Tests.Cases;

/// <summary>The general term stops while a live chat attends an unclassified case and runs again when the chat ends with the citizen gone.</summary>
public class ProvisionalTermAfterChatTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 10, 30, 0, TimeSpan.FromHours(-5));
    private static readonly DateOnly GeneralTermDue = new(2026, 3, 24);

    private static Case LiveChat() =>
        Case.Create(new CaseOpened(Guid.NewGuid(), Channel.Chat, "Chat", "Hola", At, GeneralTermDue))
            .Apply(new ChatStarted(ChatMode.Live), At);

    [Fact]
    public void A_live_chat_stops_the_general_term()
    {
        var c = LiveChat();
        Assert.Null(c.DueDate);
        Assert.Equal(GeneralTermDue, c.ProvisionalDueDate);
    }

    [Theory]
    [InlineData(ChatCloseReason.Inactivity)]
    [InlineData(ChatCloseReason.Citizen)]
    public void A_chat_ended_with_the_citizen_gone_runs_the_general_term_again_from_the_same_receipt(ChatCloseReason reason)
    {
        var closed = LiveChat().Apply(new ChatClosed(reason), At.AddMinutes(2));
        Assert.Equal(GeneralTermDue, closed.DueDate);
    }

    [Theory]
    [InlineData(ChatCloseReason.Answered)]
    [InlineData(ChatCloseReason.Conduct)]
    public void A_chat_closed_as_answered_or_for_conduct_runs_no_term(ChatCloseReason reason)
    {
        Assert.Null(LiveChat().Apply(new ChatClosed(reason), At.AddMinutes(2)).DueDate);
    }

    [Fact]
    public void A_case_classified_during_the_chat_keeps_its_types_term()
    {
        var classified = LiveChat().Apply(new CaseClassified(PqrsdType.InformationRequest, null, false, new DateOnly(2026, 3, 2), 10,
            new DateOnly(2026, 3, 16), "ley-1755-2015"), At.AddMinutes(1));
        Assert.Equal(new DateOnly(2026, 3, 16), classified.Apply(new ChatClosed(ChatCloseReason.Inactivity), At.AddMinutes(3)).DueDate);
    }
}
