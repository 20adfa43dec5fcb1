using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;
using Atencion.Domain.Chat;
using Atencion.Domain.Common;
using Atencion.Domain.Entities;

namespace Atencion.Domain.Tests.Chat;

public class ChatRulesTests
{
    private static readonly DateTimeOffset Nine = EntityTimeZone.Instant(new DateOnly(2026, 3, 2), new TimeOnly(9, 0), EntityTimeZone.Default);
    private static readonly ChatTimings Timings = new();

    private static Case LiveChat(DateTimeOffset at) =>
        Case.Create(new CaseOpened(Guid.NewGuid(), Channel.Chat, "Chat", "Hola", at)).Apply(new ChatStarted(ChatMode.Live), at);

    private static IReadOnlyList<ICaseEvent> Idle(Case c, int seconds) =>
        ChatInactivity.Decide(c.Chat, Nine.AddSeconds(seconds), Timings, "¿Se encuentra en línea?", Guid.NewGuid());

    [Fact]
    public void Before_the_first_limit_silence_calls_for_nothing() => Assert.Empty(Idle(LiveChat(Nine), 59));

    [Fact]
    public void After_60_seconds_the_idle_prompt_is_posted_once()
    {
        var c = LiveChat(Nine);
        var prompt = Assert.IsType<MessagePosted>(Assert.Single(Idle(c, 60)));
        Assert.Equal(ChatState.IdlePromptScript, prompt.Script);
        Assert.Empty(Idle(c.Apply(prompt, Nine.AddSeconds(60)), 90));
    }

    [Fact]
    public void After_120_seconds_the_chat_closes_for_inactivity()
    {
        var closed = Assert.IsType<ChatClosed>(Assert.Single(Idle(LiveChat(Nine), 120)));
        Assert.Equal(ChatCloseReason.Inactivity, closed.Reason);
    }

    [Fact]
    public void A_citizens_message_restarts_the_silence()
    {
        var c = LiveChat(Nine).Apply(new MessagePosted(Guid.NewGuid(), MessageSender.Citizen, "Luz", "Aquí"), Nine.AddSeconds(100));
        Assert.Empty(Idle(c, 159));
        Assert.Single(Idle(c, 160));
    }

    [Fact]
    public void A_waiting_or_closed_chat_is_never_prompted()
    {
        var waiting = Case.Create(new CaseOpened(Guid.NewGuid(), Channel.Chat, "Chat", "Hola", Nine)).Apply(new ChatStarted(ChatMode.Offline), Nine);
        Assert.Empty(Idle(waiting, 600));
        Assert.Empty(Idle(LiveChat(Nine).Apply(new ChatClosed(ChatCloseReason.Answered), Nine), 600));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("hola\u0000")]
    public void A_blank_or_control_character_message_is_refused(string text) =>
        Assert.Throws<ValidationFailed>(() => ChatDecisions.Post(LiveChat(Nine), Guid.NewGuid(), MessageSender.Citizen, "Luz", text));

    [Fact]
    public void Messages_are_trimmed_and_keep_line_breaks_and_tabs()
    {
        var posted = Assert.IsType<MessagePosted>(Assert.Single(ChatDecisions.Post(LiveChat(Nine), Guid.NewGuid(), MessageSender.Advisor, "ana", "  a\n\tb  ")));
        Assert.Equal("a\n\tb", posted.Text);
    }

    [Fact]
    public void A_closed_chat_takes_no_more_messages() =>
        Assert.Throws<RuleViolated>(() => ChatDecisions.Post(LiveChat(Nine).Apply(new ChatClosed(ChatCloseReason.Citizen), Nine),
            Guid.NewGuid(), MessageSender.Advisor, "ana", "hola"));

    [Fact]
    public void Withdrawing_twice_appends_nothing_the_second_time()
    {
        var id = Guid.NewGuid();
        var c = LiveChat(Nine).Apply(new MessagePosted(id, MessageSender.Citizen, "Luz", "x"), Nine);
        var withdrawn = Assert.Single(ChatDecisions.Withdraw(c, id));
        Assert.Empty(ChatDecisions.Withdraw(c.Apply(withdrawn, Nine), id));
        Assert.Throws<NotFoundInCase>(() => ChatDecisions.Withdraw(c, Guid.NewGuid()));
    }

    private static WeeklyHours Floridablanca => WeeklyHours.Parse("mon-fri 08:30-09:30", BusinessCalendar.National, EntityTimeZone.Default);

    private static DateTimeOffset Local(int m, int d, int h, int min = 0) => EntityTimeZone.Instant(new DateOnly(2026, m, d), new TimeOnly(h, min), EntityTimeZone.Default);

    [Fact]
    public void Availability_names_why_the_chat_is_offline()
    {
        Assert.Equal(new ChatAvailability(true, null, null), ChatAvailability.Decide(Floridablanca, Local(3, 2, 9), true));
        Assert.Equal(new ChatAvailability(false, "no-advisor", null), ChatAvailability.Decide(Floridablanca, Local(3, 2, 9), false));
        Assert.Equal(new ChatAvailability(false, "outside-hours", Local(3, 3, 8, 30)), ChatAvailability.Decide(Floridablanca, Local(3, 2, 9, 30), true));
        Assert.Equal(new ChatAvailability(false, "holiday", Local(3, 24, 8, 30)), ChatAvailability.Decide(Floridablanca, Local(3, 23, 9), true));
        Assert.Equal(new ChatAvailability(false, "outside-hours", Local(3, 9, 8, 30)), ChatAvailability.Decide(Floridablanca, Local(3, 7, 9), true));
    }
}
