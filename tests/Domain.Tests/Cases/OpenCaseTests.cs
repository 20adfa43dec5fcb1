using System.Text;
using Atencion.Domain.Cases;
using Atencion.Domain.Tests.Common;

namespace Atencion.Domain.Tests.Cases;

public class OpenCaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 30, 0, TimeSpan.FromHours(-5));
    private static readonly Guid CaseId = Guid.Parse("0195a1c2-0000-7000-8000-000000000001");
    private static readonly CaseClock Clock = new(Now, Atencion.Domain.Calendar.EntityTimeZone.Default, Atencion.Domain.Calendar.BusinessCalendar.National, new Dictionary<Atencion.Domain.Calendar.PqrsdType, int>());

    /// <summary>15 business days after Monday 2 March 2026 (San José, 23 March, is a holiday): the general term's due date.</summary>
    private static readonly DateOnly GeneralTermDue = new(2026, 3, 24);

    private static OpenCase Contact(
        Citizen? citizen = null, string? subject = "Derecho de petición", string? text = "Solicito información sobre mi proceso.",
        DateTimeOffset? receivedAt = null, Channel channel = Channel.Phone) =>
        new(CaseId, channel, citizen, subject, text, receivedAt);

    private static Citizen Luz(string? name = "Luz Marina Rueda", string? email = "luz@example.com", string? phone = "300 123 4567",
        IdType? idType = IdType.Cc, string? idNumber = "63123456") => new(name, email, phone, idType, idNumber);

    private static IReadOnlyDictionary<string, string[]> Refused(OpenCase command) => Refusal.Of(() => command.Decide(Clock));

    // ---- what it records

    [Fact]
    public void A_contact_without_a_citizen_opens_the_case_received_now()
    {
        var events = Contact(channel: Channel.InPerson).Decide(Clock);

        var opened = Assert.IsType<CaseOpened>(Assert.Single(events));
        Assert.Equal(new CaseOpened(CaseId, Channel.InPerson, "Derecho de petición", "Solicito información sobre mi proceso.", Now, GeneralTermDue), opened);
    }

    [Fact]
    public void A_contact_with_a_citizen_opens_the_case_and_identifies_the_citizen()
    {
        var events = Contact(Luz()).Decide(Clock);

        Assert.Equal(2, events.Count);
        Assert.IsType<CaseOpened>(events[0]);
        Assert.Equal(new CitizenIdentified(Luz()), events[1]);
    }

    [Fact]
    public void Subject_and_text_are_recorded_without_surrounding_blanks()
    {
        var opened = (CaseOpened)Contact(subject: "  \tDerecho de petición \n", text: "\n  Solicito información.\r\n  ").Decide(Clock)[0];

        Assert.Equal("Derecho de petición", opened.Subject);
        Assert.Equal("Solicito información.", opened.Text);
    }

    [Fact]
    public void Line_breaks_and_tabs_inside_the_text_are_kept()
    {
        const string letter = "Señores Personería:\r\n\tSolicito copia del expediente.\n\nAtentamente,\nLuz";
        var opened = (CaseOpened)Contact(text: letter).Decide(Clock)[0];

        Assert.Equal(letter, opened.Text);
    }

    [Fact]
    public void The_citizen_is_recorded_trimmed_with_blank_fields_as_absent()
    {
        var events = Contact(new Citizen("  Luz Marina Rueda ", " luz@example.com\t", "   ", IdType.Cc, " 63123456 ")).Decide(Clock);

        Assert.Equal(new CitizenIdentified(new Citizen("Luz Marina Rueda", "luz@example.com", null, IdType.Cc, "63123456")), events[1]);
    }

    [Fact]
    public void Only_an_email_is_enough_to_identify_the_citizen()
    {
        var events = Contact(new Citizen(null, "luz@example.com", null, null, null)).Decide(Clock);

        Assert.Equal(new CitizenIdentified(new Citizen(null, "luz@example.com", null, null, null)), events[1]);
    }

    [Fact]
    public void A_citizen_who_gave_nothing_is_not_recorded_as_identified()
    {
        Assert.Single(Contact(new Citizen(null, null, null, null, null)).Decide(Clock));
        Assert.Single(Contact(new Citizen("   ", "", " \t ", null, null)).Decide(Clock));
    }

    [Fact]
    public void A_contact_received_earlier_keeps_its_reception_instant()
    {
        var letter = Now.AddDays(-3).AddHours(-2);

        var opened = (CaseOpened)Contact(receivedAt: letter).Decide(Clock)[0];

        Assert.Equal(letter, opened.ReceivedAt);
        Assert.Equal(letter.Offset, opened.ReceivedAt.Offset);
    }

    [Fact]
    public void A_contact_received_this_very_instant_is_accepted()
    {
        Assert.Equal(Now, ((CaseOpened)Contact(receivedAt: Now).Decide(Clock)[0]).ReceivedAt);
    }

    [Fact]
    public void A_reception_instant_in_the_future_is_refused()
    {
        Assert.Equal(["cannot be in the future."], Refused(Contact(receivedAt: Now.AddSeconds(1))).For("receivedAt"));
        // The same instant written in another offset is still the future.
        Refused(Contact(receivedAt: Now.ToUniversalTime().AddMinutes(1))).For("receivedAt");
    }

    // ---- required and sizes

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\r\n\t")]
    public void A_missing_or_blank_subject_or_text_is_refused(string? blank)
    {
        Assert.Equal(["is required."], Refused(Contact(subject: blank)).For("subject"));
        Assert.Equal(["is required."], Refused(Contact(text: blank)).For("text"));
    }

    [Fact]
    public void Subject_and_text_are_measured_after_trimming()
    {
        var opened = (CaseOpened)Contact(subject: "  " + new string('s', OpenCase.MaxSubject) + "  ",
            text: "\n" + new string('t', OpenCase.MaxText) + "\n").Decide(Clock)[0];

        Assert.Equal(300, opened.Subject.Length);
        Assert.Equal(20_000, opened.Text.Length);
    }

    [Fact]
    public void A_subject_or_text_one_character_too_long_is_refused_saying_the_limit()
    {
        Assert.Equal(["must be at most 300 characters (it has 301)."], Refused(Contact(subject: new string('s', 301))).For("subject"));
        Assert.Equal(["must be at most 20000 characters (it has 20001)."], Refused(Contact(text: new string('t', 20_001))).For("text"));
    }

    [Fact]
    public void Citizen_fields_have_their_own_limits()
    {
        Contact(Luz(name: new string('n', 200), phone: new string('3', 40), idNumber: new string('1', 30))).Decide(Clock);

        var errors = Refused(Contact(Luz(name: new string('n', 201), phone: new string('3', 41), idNumber: new string('1', 31))));
        Assert.Contains("at most 200", Assert.Single(errors.For("citizen.name")));
        Assert.Contains("at most 40", Assert.Single(errors.For("citizen.phone")));
        Assert.Contains("at most 30", Assert.Single(errors.For("citizen.idNumber")));
    }

    // ---- control characters

    [Theory]
    [InlineData("\u0000")]
    [InlineData("\u0007")]
    [InlineData("\u001b[31m")]
    [InlineData("\u007f")]
    [InlineData("\u0085")]
    public void Control_characters_are_refused_wherever_they_appear(string control)
    {
        Assert.Equal(["must not contain control characters."], Refused(Contact(subject: "Petición" + control)).For("subject"));
        Assert.Equal(["must not contain control characters."], Refused(Contact(text: "a" + control + "b")).For("text"));
        Assert.Equal(["must not contain control characters."], Refused(Contact(Luz(name: "Luz" + control))).For("citizen.name"));
    }

    // ---- email

    public static TheoryData<string> AcceptedEmails => new()
    {
        "luz@example.com",
        "luz.marina.rueda+pqrsd@personeria.gov.co",
        "  luz@example.com  ",
        "a@b.co",
        EmailOfLength(254),
    };

    [Theory]
    [MemberData(nameof(AcceptedEmails))]
    public void Plausible_email_addresses_are_accepted_and_recorded_trimmed(string email)
    {
        var identified = (CitizenIdentified)Contact(Luz(email: email)).Decide(Clock)[1];

        Assert.Equal(email.Trim(), identified.Citizen.Email);
    }

    public static TheoryData<string, string> RefusedEmails => new()
    {
        { "display name", "Luz <luz@x.co>" },
        { "quoted display name", "\"Luz Rueda\" <luz@x.co>" },
        { "missing top-level domain", "luz@x" },
        { "trailing dot", "luz@x.co." },
        { "space in the local part", "luz marina@x.co" },
        { "space before the at sign", "luz @x.co" },
        { "quoted local part with a space", "\"luz m\"@x.co" },
        { "comment", "luz(comentario)@x.co" },
        { "two at signs", "luz@@example" },
        { "no at sign", "luz.example.com" },
        { "no local part", "@x.co" },
        { "no domain", "luz@" },
        { "two addresses", "luz@x.co, ana@y.co" },
        { "255 characters", EmailOfLength(255) },
    };

    [Theory]
    [MemberData(nameof(RefusedEmails))]
    public void Implausible_email_addresses_are_refused_quoting_them(string why, string email)
    {
        var message = Assert.Single(Refused(Contact(Luz(email: email))).For("citizen.email"));

        Assert.True(message.EndsWith("is not a valid email address.", StringComparison.Ordinal), why);
        Assert.Contains(email, message);
    }

    [Fact]
    public void A_blank_email_counts_as_none()
    {
        var identified = (CitizenIdentified)Contact(Luz(email: "   ")).Decide(Clock)[1];

        Assert.Null(identified.Citizen.Email);
    }

    // A syntactically valid address of the given length: 64-character local part, labels of at most 50 characters.
    private static string EmailOfLength(int length)
    {
        var local = new string('a', 64);
        const string tail = "example.co";
        var labels = new StringBuilder();
        for (var left = length - local.Length - 1 - tail.Length; left > 0;)
        {
            var take = left >= 52 ? 50 : left;
            labels.Append(new string('b', take - 1)).Append('.');
            left -= take;
        }
        var email = $"{local}@{labels}{tail}";
        Assert.Equal(length, email.Length);
        return email;
    }

    // ---- identity document and phone

    [Fact]
    public void An_id_number_without_its_type_is_refused_on_the_type()
    {
        Assert.Equal(["is required when idNumber is given."], Refused(Contact(Luz(idType: null, idNumber: "63123456"))).For("citizen.idType"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void An_id_type_without_its_number_is_refused_on_the_number(string? number)
    {
        Assert.Equal(["is required when idType is given."], Refused(Contact(Luz(idType: IdType.Ce, idNumber: number))).For("citizen.idNumber"));
    }

    [Fact]
    public void A_blank_id_number_without_a_type_counts_as_none()
    {
        var identified = (CitizenIdentified)Contact(Luz(idType: null, idNumber: "")).Decide(Clock)[1];

        Assert.Null(identified.Citizen.IdNumber);
    }

    [Theory]
    [InlineData(IdType.Cc, "63123456")]
    [InlineData(IdType.Passport, "AB123456")]
    [InlineData(IdType.Nit, "900123456-7")]
    public void An_id_type_with_its_number_is_recorded(IdType type, string number)
    {
        var identified = (CitizenIdentified)Contact(Luz(idType: type, idNumber: number)).Decide(Clock)[1];

        Assert.Equal((type, number), (identified.Citizen.IdType!.Value, identified.Citizen.IdNumber));
    }

    [Theory]
    [InlineData("3001234567")]
    [InlineData("+57 300 123 4567")]
    [InlineData("(607) 634-1234")]
    [InlineData("  607 6341234  ")]
    public void Phones_of_digits_spaces_and_plus_dash_parentheses_are_accepted(string phone)
    {
        var identified = (CitizenIdentified)Contact(Luz(phone: phone)).Decide(Clock)[1];

        Assert.Equal(phone.Trim(), identified.Citizen.Phone);
    }

    [Theory]
    [InlineData("llámeme en la tarde")]
    [InlineData("300.123.4567")]
    [InlineData("300 123 4567 ext 12")]
    [InlineData("300#123")]
    [InlineData("300\t123")]
    public void Phones_with_other_characters_are_refused(string phone)
    {
        Assert.Equal(["may contain only digits, spaces and + - ( )."], Refused(Contact(Luz(phone: phone))).For("citizen.phone"));
    }

    // ---- all at once

    [Fact]
    public void Every_broken_rule_is_reported_at_once_under_its_json_path()
    {
        var errors = Refused(Contact(new Citizen("Luz\u0007", "luz@x", "abc", null, "123"), subject: "", text: null, receivedAt: Now.AddDays(1)));

        Assert.Equal(
            ["citizen.email", "citizen.idType", "citizen.name", "citizen.phone", "receivedAt", "subject", "text"],
            errors.Keys.Order(StringComparer.Ordinal));
    }
}
