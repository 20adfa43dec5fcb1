using Atencion.Domain.Cases;
using Atencion.Domain.Tests.Common;

namespace Atencion.Domain.Tests.Cases;

public class AddNoteTests
{
    private static readonly Case OpenPhoneCase = new(Guid.NewGuid(), CaseStatus.Open, Channel.Phone, new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(-5)));
    private static readonly Guid NoteId = Guid.Parse("0195a1c2-0000-7000-8000-0000000000aa");

    [Fact]
    public void A_note_is_recorded_with_its_id_and_text_trimmed()
    {
        var events = new AddNote(NoteId, "  Se devolvió la llamada.\n").Decide(OpenPhoneCase);

        Assert.Equal(new NoteAdded(NoteId, "Se devolvió la llamada."), Assert.Single(events));
    }

    [Fact]
    public void A_note_keeps_its_inner_line_breaks_and_tabs()
    {
        const string text = "Llamada 1: no contestó.\r\nLlamada 2:\tcontestó, se le explicó el trámite.";

        Assert.Equal(new NoteAdded(NoteId, text), Assert.Single(new AddNote(NoteId, text).Decide(OpenPhoneCase)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n\t ")]
    public void A_blank_note_is_refused(string? text)
    {
        Assert.Equal(["is required."], Refusal.Of(() => new AddNote(NoteId, text).Decide(OpenPhoneCase)).For("text"));
    }

    [Fact]
    public void A_note_may_have_twenty_thousand_characters_after_trimming_but_not_one_more()
    {
        var longest = new AddNote(NoteId, "  " + new string('n', 20_000) + "  ").Decide(OpenPhoneCase);
        Assert.Equal(20_000, ((NoteAdded)longest[0]).Text.Length);

        Assert.Equal(["must be at most 20000 characters (it has 20001)."],
            Refusal.Of(() => new AddNote(NoteId, new string('n', 20_001)).Decide(OpenPhoneCase)).For("text"));
    }

    [Fact]
    public void A_note_with_control_characters_is_refused()
    {
        Assert.Equal(["must not contain control characters."],
            Refusal.Of(() => new AddNote(NoteId, "texto\u0000oculto").Decide(OpenPhoneCase)).For("text"));
    }
}
