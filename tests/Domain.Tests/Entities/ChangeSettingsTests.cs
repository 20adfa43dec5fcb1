using Atencion.Domain.Calendar;
using Atencion.Domain.Entities;
using Atencion.Domain.Tests.Common;
using static Atencion.Domain.Tests.Entities.Settings;

namespace Atencion.Domain.Tests.Entities;

public class ChangeSettingsTests
{
    private static IReadOnlyList<IEntityEvent> Change(EntitySettings wanted, EntitySettings? current = null) =>
        new ChangeSettings(wanted).Decide(current, Today);

    private static IReadOnlyDictionary<string, string[]> Refused(EntitySettings wanted) => Refusal.Of(() => Change(wanted));

    private static IReadOnlyList<string> ChangedFields(EntitySettings before, EntitySettings after) =>
        Assert.IsType<EntitySettingsChanged>(Assert.Single(Change(after, before))).Changed;

    // ---- what it records

    [Fact]
    public void The_first_configuration_records_every_field_as_changed()
    {
        var settings = Valid();

        var changed = Assert.IsType<EntitySettingsChanged>(Assert.Single(Change(settings)));

        Assert.Same(settings, changed.Settings);
        Assert.Equal(
            ["allowedOrigins", "chat", "chatHours", "kind", "localNonWorkingDays", "name", "officeHours", "pqrsdFormUrl", "requireAttentionOutcome", "scripts",
             "skills", "survey", "termOverrides", "timeZone", "topicRouting"],
            changed.Changed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Saving_the_same_configuration_again_records_nothing()
    {
        var current = Valid();

        Assert.Empty(Change(current, current));
        Assert.Empty(Change(Copy(current), current));
    }

    [Fact]
    public void Dictionaries_are_compared_by_content_whatever_their_order()
    {
        var current = Valid() with { TopicRouting = new Dictionary<string, string> { ["a"] = "lawyer", ["b"] = "first-level", ["c"] = "lawyer" } };
        var reordered = current with { TopicRouting = new Dictionary<string, string> { ["c"] = "lawyer", ["a"] = "lawyer", ["b"] = "first-level" } };

        Assert.Empty(Change(reordered, current));
    }

    public static TheoryData<string, Func<EntitySettings, EntitySettings>> SingleChanges => new()
    {
        { "name", s => s with { Name = "Alcaldía de Tenjo" } },
        { "kind", s => s with { Kind = "personeria" } },
        { "timeZone", s => s with { TimeZone = "America/Lima" } },
        { "officeHours", s => s with { OfficeHours = "mon-fri 08:00-12:00, 14:00-17:00" } },
        { "chatHours", s => s with { ChatHours = "mon-fri 08:30-09:30" } },
        { "localNonWorkingDays", s => s with { LocalNonWorkingDays = [.. s.LocalNonWorkingDays, new DateOnly(2026, 8, 6)] } },
        { "scripts", s => s with { Scripts = s.Scripts with { Closing = "¡Gracias!" } } },
        { "skills", s => s with { Skills = [.. s.Skills, "technician"] } },
        { "topicRouting", s => s with { TopicRouting = new Dictionary<string, string>(s.TopicRouting) { ["familia"] = "first-level" } } },
        { "termOverrides", s => s with { TermOverrides = new Dictionary<PqrsdType, int> { [PqrsdType.Petition] = 12 } } },
        { "chat", s => s with { Chat = s.Chat with { IdlePromptAfterSeconds = 90 } } },
        { "survey", s => s with { Survey = s.Survey with { InPersonShare = 0.25m } } },
        { "pqrsdFormUrl", s => s with { PqrsdFormUrl = null } },
        { "allowedOrigins", s => s with { AllowedOrigins = [.. s.AllowedOrigins, "http://localhost:5173"] } },
    };

    [Theory]
    [MemberData(nameof(SingleChanges))]
    public void A_change_lists_only_the_field_that_differs(string field, Func<EntitySettings, EntitySettings> change)
    {
        var current = Valid();
        var wanted = change(Copy(current));

        var changed = Assert.IsType<EntitySettingsChanged>(Assert.Single(Change(wanted, current)));

        Assert.Equal([field], changed.Changed);
        Assert.Same(wanted, changed.Settings);
    }

    [Fact]
    public void Adding_a_skill_and_routing_a_topic_to_it_lists_both_fields()
    {
        var current = Valid();
        var wanted = current with
        {
            Skills = [.. current.Skills, "technician"],
            TopicRouting = new Dictionary<string, string>(current.TopicRouting) { ["rues"] = "technician" },
        };

        Assert.Equal(["skills", "topicRouting"], ChangedFields(current, wanted).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Removing_an_override_is_a_change_of_the_overrides()
    {
        var current = Valid();

        Assert.Equal(["termOverrides"], ChangedFields(current, current with { TermOverrides = new Dictionary<PqrsdType, int>() }));
    }

    // ---- the entity's own stream

    [Fact]
    public void The_entity_stream_id_is_derived_from_the_tenant_alone()
    {
        Assert.Equal(ChangeSettings.StreamId("alcaldia-tenjo"), ChangeSettings.StreamId("alcaldia-tenjo"));
        Assert.NotEqual(ChangeSettings.StreamId("alcaldia-tenjo"), ChangeSettings.StreamId("personeria-floridablanca"));
        Assert.NotEqual(Guid.Empty, ChangeSettings.StreamId("alcaldia-tenjo"));
    }

    [Fact]
    public void The_entity_stream_id_does_not_change_between_releases()
    {
        // Existing streams are found by this id: changing the derivation would orphan every entity's history.
        var expected = new Guid(System.Security.Cryptography.SHA256.HashData("entity:alcaldia-tenjo"u8)[..16]);

        Assert.Equal(expected, ChangeSettings.StreamId("alcaldia-tenjo"));
    }

    // ---- name, kind, time zone

    [Fact]
    public void Name_and_kind_are_required_and_capped()
    {
        var errors = Refused(Valid() with { Name = "  ", Kind = null! });
        Assert.Equal(["is required."], errors.For("name"));
        Assert.Equal(["is required."], errors.For("kind"));

        errors = Refused(Valid() with { Name = new string('n', 201), Kind = new string('k', 61) });
        Assert.Contains("at most 200", Assert.Single(errors.For("name")));
        Assert.Contains("at most 60", Assert.Single(errors.For("kind")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Bogotá")]
    [InlineData("../../../../etc/passwd")]
    [InlineData("America/Bogota ")]
    public void An_unknown_time_zone_is_refused_with_an_example(string zone)
    {
        var message = Assert.Single(Refused(Valid() with { TimeZone = zone }).For("timeZone"));

        Assert.Contains("America/Bogota", message);
    }

    [Fact]
    public void A_missing_time_zone_is_refused()
    {
        Refused(Valid() with { TimeZone = null! }).For("timeZone");
    }

    [Theory]
    [InlineData("America/Bogota")]
    [InlineData("America/Lima")]
    [InlineData("UTC")]
    public void Known_time_zones_are_accepted(string zone)
    {
        Assert.Single(Change(Valid() with { TimeZone = zone }));
    }

    // ---- hours

    [Theory]
    [InlineData("mon-fri 08:00-12:00")]
    [InlineData("lun-vie 08:00-12:00, 14:00-18:00; sáb 09:00-12:00")]
    [InlineData("mon,wed,fri 7:30-11:30")]
    public void Office_hours_in_the_documented_form_are_accepted(string hours)
    {
        Assert.Single(Change(Valid() with { OfficeHours = hours, ChatHours = hours }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Hours_are_required_with_an_example(string? hours)
    {
        var errors = Refused(Valid() with { OfficeHours = hours!, ChatHours = hours! });

        Assert.Contains("mon-fri 08:00-12:00", Assert.Single(errors.For("officeHours")));
        Assert.Contains("mon-fri 08:00-12:00", Assert.Single(errors.For("chatHours")));
    }

    [Theory]
    [InlineData("de lunes a viernes")]
    [InlineData("mon-fri 8-12")]
    [InlineData("mon-fri 08:00-25:00")]
    [InlineData("xyz 08:00-12:00")]
    [InlineData("mon-fri-sat 08:00-12:00")]
    [InlineData("mon-fri")]
    public void Hours_that_do_not_parse_are_refused_saying_where(string hours)
    {
        var message = Assert.Single(Refused(Valid() with { OfficeHours = hours }).For("officeHours"));

        Assert.False(string.IsNullOrWhiteSpace(message));
    }

    [Fact]
    public void Overlapping_ranges_are_refused()
    {
        var messages = Refused(Valid() with { ChatHours = "mon-fri 08:00-12:00, 11:00-14:00" }).For("chatHours");

        // One message per weekday, each naming the two ranges.
        Assert.Equal(5, messages.Length);
        Assert.All(messages, m => Assert.Contains("08:00–12:00 y", m));
        Assert.All(messages, m => Assert.EndsWith("se superponen.", m));
    }

    [Fact]
    public void A_range_that_ends_before_it_starts_is_refused()
    {
        var message = Assert.Single(Refused(Valid() with { OfficeHours = "sat 12:00-08:00" }).For("officeHours"));

        Assert.Contains("debe terminar después de empezar", message);
    }

    // ---- scripts, skills, routing

    [Fact]
    public void Scripts_are_required()
    {
        Assert.Equal(["is required."], Refused(Valid() with { Scripts = null! }).For("scripts"));
    }

    [Fact]
    public void Every_script_is_required_and_capped_under_its_own_name()
    {
        var errors = Refused(Valid() with { Scripts = Scripts() with { IdlePrompt = " ", Closing = new string('c', 2_001), GreetingMorning = null! } });

        Assert.Equal(["is required."], errors.For("scripts.idlePrompt"));
        Assert.Equal(["is required."], errors.For("scripts.greetingMorning"));
        Assert.Contains("at most 2000", Assert.Single(errors.For("scripts.closing")));
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void A_blank_or_oversized_skill_is_refused()
    {
        Assert.Equal(["is required."], Refused(Valid() with { Skills = ["lawyer", " "], TopicRouting = new Dictionary<string, string>() }).For("skills"));
        Refused(Valid() with { Skills = [new string('s', 61)], TopicRouting = new Dictionary<string, string>() }).For("skills");
    }

    [Fact]
    public void A_topic_routed_to_an_unknown_skill_is_refused_naming_both()
    {
        var wanted = Valid() with { TopicRouting = new Dictionary<string, string> { ["rues"] = "technician", ["familia"] = "lawyer" } };

        var errors = Refused(wanted);

        Assert.Equal(["routes to 'technician', which is not one of the skills."], errors.For("topicRouting.rues"));
        Assert.False(errors.ContainsKey("topicRouting.familia"));
    }

    [Fact]
    public void Routing_is_refused_when_there_are_no_skills_at_all()
    {
        Refused(Valid() with { Skills = [] }).For("topicRouting.familia");
    }

    // ---- terms

    [Theory]
    [InlineData(PqrsdType.Petition, 15)]
    [InlineData(PqrsdType.Petition, 1)]
    [InlineData(PqrsdType.InformationRequest, 10)]
    [InlineData(PqrsdType.Consultation, 20)]
    [InlineData(PqrsdType.DataQuery, 10)]
    public void A_term_no_longer_than_the_law_is_accepted(PqrsdType type, int days)
    {
        var wanted = Valid() with { TermOverrides = new Dictionary<PqrsdType, int> { [type] = days } };

        Assert.Same(wanted, ((EntitySettingsChanged)Assert.Single(Change(wanted))).Settings);
    }

    [Theory]
    [InlineData(PqrsdType.Petition, 16, "excede el legal de 15")]
    [InlineData(PqrsdType.InformationRequest, 11, "excede el legal de 10")]
    [InlineData(PqrsdType.Consultation, 31, "excede el legal de 30")]
    [InlineData(PqrsdType.DataClaim, 16, "excede el legal de 15")]
    [InlineData(PqrsdType.Petition, 0, "al menos 1 día")]
    [InlineData(PqrsdType.Petition, -3, "al menos 1 día")]
    [InlineData(PqrsdType.Orientation, 5, "no tiene término legal")]
    public void A_term_longer_than_the_law_or_meaningless_is_refused(PqrsdType type, int days, string why)
    {
        var errors = Refused(Valid() with { TermOverrides = new Dictionary<PqrsdType, int> { [type] = days } });

        var (field, messages) = Assert.Single(errors);
        Assert.StartsWith("termOverrides.", field);
        Assert.Contains(why, Assert.Single(messages));
    }

    [Fact]
    public void A_refused_term_is_reported_under_its_json_path()
    {
        var errors = Refused(Valid() with { TermOverrides = new Dictionary<PqrsdType, int> { [PqrsdType.InformationRequest] = 11 } });

        errors.For("termOverrides.information-request");
    }

    // ---- chat timings and survey

    [Theory]
    [InlineData(10, 11, 10)]
    [InlineData(3_600, 7_200, 600)]
    [InlineData(60, 120, 60)]
    public void Chat_timings_within_bounds_are_accepted(int prompt, int close, int heartbeat)
    {
        Assert.Single(Change(Valid() with { Chat = new ChatTimings(prompt, close, heartbeat) }));
    }

    [Theory]
    [InlineData(9, 120, 60, "chat.idlePromptAfterSeconds")]
    [InlineData(3_601, 7_200, 60, "chat.idlePromptAfterSeconds")]
    [InlineData(60, 60, 60, "chat.idleCloseAfterSeconds")]
    [InlineData(60, 30, 60, "chat.idleCloseAfterSeconds")]
    [InlineData(60, 7_201, 60, "chat.idleCloseAfterSeconds")]
    [InlineData(60, 120, 9, "chat.presenceHeartbeatSeconds")]
    [InlineData(60, 120, 601, "chat.presenceHeartbeatSeconds")]
    public void Chat_timings_out_of_bounds_are_refused_on_the_timing(int prompt, int close, int heartbeat, string field)
    {
        var errors = Refused(Valid() with { Chat = new ChatTimings(prompt, close, heartbeat) });

        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void Chat_timings_and_survey_policy_are_required()
    {
        var errors = Refused(Valid() with { Chat = null!, Survey = null! });

        Assert.Equal(["is required."], errors.For("chat"));
        Assert.Equal(["is required."], errors.For("survey"));
    }

    [Theory]
    [InlineData("0.10")]
    [InlineData("0.5")]
    [InlineData("1")]
    public void A_survey_share_from_ten_percent_to_all_is_accepted(string share)
    {
        Assert.Single(Change(Valid() with { Survey = new SurveyPolicy(null, decimal.Parse(share, System.Globalization.CultureInfo.InvariantCulture)) }));
    }

    [Theory]
    [InlineData("0.09")]
    [InlineData("0")]
    [InlineData("-0.5")]
    [InlineData("1.01")]
    public void A_survey_share_below_ten_percent_or_above_all_is_refused(string share)
    {
        var errors = Refused(Valid() with { Survey = Valid().Survey with { InPersonShare = decimal.Parse(share, System.Globalization.CultureInfo.InvariantCulture) } });

        Assert.Contains("at least 10 %", Assert.Single(errors.For("survey.inPersonShare")));
    }

    // ---- links and origins

    [Theory]
    [InlineData("encuesta")]
    [InlineData("/encuesta")]
    [InlineData("ftp://tenjo.gov.co/encuesta")]
    [InlineData("javascript:alert(1)")]
    [InlineData("mailto:pqrsd@tenjo.gov.co")]
    [InlineData("")]
    public void Links_that_are_not_http_are_refused(string url)
    {
        var errors = Refused(Valid() with { PqrsdFormUrl = url, Survey = Valid().Survey with { Url = url } });

        Assert.Equal([$"'{url}' is not an http(s) link."], errors.For("pqrsdFormUrl"));
        Assert.Equal([$"'{url}' is not an http(s) link."], errors.For("survey.url"));
    }

    [Theory]
    [InlineData("http://186.28.255.236/encuesta/")]
    [InlineData("https://www.tenjo-cundinamarca.gov.co/Ciudadanos/Paginas/PQRD-Identificacion.aspx")]
    [InlineData(null)]
    public void Http_links_or_none_are_accepted(string? url)
    {
        Assert.Single(Change(Valid() with { PqrsdFormUrl = url, Survey = Valid().Survey with { Url = url } }));
    }

    [Theory]
    [InlineData("https://www.tenjo-cundinamarca.gov.co")]
    [InlineData("http://localhost:5173")]
    [InlineData("https://chat.personeria.gov.co:8443")]
    public void Bare_origins_are_accepted(string origin)
    {
        Assert.Single(Change(Valid() with { AllowedOrigins = [origin] }));
    }

    [Theory]
    [InlineData("https://www.tenjo.gov.co/chat")]
    [InlineData("https://www.tenjo.gov.co?q=1")]
    [InlineData("www.tenjo.gov.co")]
    [InlineData("*")]
    [InlineData("ftp://www.tenjo.gov.co")]
    [InlineData("")]
    public void Anything_but_an_origin_is_refused_quoting_it(string origin)
    {
        var errors = Refused(Valid() with { AllowedOrigins = ["http://localhost:5173", origin] });

        Assert.Equal([$"'{origin}' is not an origin (scheme://host[:port], no path)."], errors.For("allowedOrigins"));
    }

    [Fact]
    public void Origins_with_user_info_are_refused()
    {
        Refused(Valid() with { AllowedOrigins = ["https://mallory@www.tenjo.gov.co"] }).For("allowedOrigins");
    }

    // ---- collections left out of the request

    [Fact]
    public void A_missing_list_is_refused_or_recorded_empty()
    {
        var wanted = Valid() with { Skills = null!, TopicRouting = null!, AllowedOrigins = null! };

        var outcome = Record.Exception(() => Change(wanted));

        if (outcome is Atencion.Domain.Common.ValidationFailed refused) Assert.Contains("skills", refused.Errors.Keys);
        else
        {
            Assert.Null(outcome);
            var recorded = ((EntitySettingsChanged)Change(wanted)[0]).Settings;
            Assert.NotNull(recorded.Skills);
            Assert.NotNull(recorded.TopicRouting);
            Assert.NotNull(recorded.AllowedOrigins);
        }
    }

    // ---- all at once

    [Fact]
    public void Every_broken_rule_is_reported_at_once()
    {
        var errors = Refused(Valid() with
        {
            Name = "",
            TimeZone = "Nowhere/Else",
            OfficeHours = "todo el día",
            Chat = new ChatTimings(5, 5, 5),
            AllowedOrigins = ["*"],
        });

        Assert.Equal(
            ["allowedOrigins", "chat.idleCloseAfterSeconds", "chat.idlePromptAfterSeconds", "chat.presenceHeartbeatSeconds", "name", "officeHours", "timeZone"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_refused_configuration_records_nothing_even_when_it_equals_the_current_one()
    {
        var broken = Valid() with { Chat = new ChatTimings(5) };

        Refusal.Of(() => Change(broken, broken));
    }
}
