using Atencion.Domain.Calendar;
using Atencion.Domain.Common;

namespace Atencion.Domain.Entities;

/// <summary>An admin sets the entity's configuration (or the seeding does, through the same path).</summary>
/// <param name="Settings">The configuration wanted.</param>
public sealed record ChangeSettings(EntitySettings Settings)
{
    /// <summary>Decides the change event (none when nothing changes), or throws <see cref="ValidationFailed"/>.</summary>
    public IReadOnlyList<IEntityEvent> Decide(EntitySettings? current, DateOnly today)
    {
        // A list or map left out of the document means an empty one, as validation reads it; never a stored null.
        var s0 = Settings;
        var settings = s0.LocalNonWorkingDays is not null && s0.Skills is not null && s0.TopicRouting is not null
            && s0.TermOverrides is not null && s0.AllowedOrigins is not null ? s0 : s0 with
        {
            LocalNonWorkingDays = Settings.LocalNonWorkingDays ?? [],
            Skills = Settings.Skills ?? [],
            TopicRouting = Settings.TopicRouting ?? new Dictionary<string, string>(),
            TermOverrides = Settings.TermOverrides ?? new Dictionary<PqrsdType, int>(),
            AllowedOrigins = Settings.AllowedOrigins ?? [],
        };
        Validate(settings, today);
        var changed = Changed(current, settings);
        return changed.Count == 0 ? [] : [new EntitySettingsChanged(settings, changed)];
    }

    /// <summary>The stream id of an entity's own stream: derived from its tenant id, so it needs no lookup.</summary>
    public static Guid StreamId(string tenant) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("entity:" + tenant))[..16]);

    private static void Validate(EntitySettings s, DateOnly today)
    {
        var v = new Validator().Required("name", s.Name, 200).Required("kind", s.Kind, 60);
        TimeZoneInfo? zone = null;
        if (string.IsNullOrWhiteSpace(s.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(s.TimeZone, out zone))
            v.Add("timeZone", $"'{s.TimeZone}' is not a known time zone (e.g. America/Bogota).");
        var calendar = new BusinessCalendar(s.LocalNonWorkingDays ?? []);
        Hours(v, "officeHours", s.OfficeHours, calendar, zone);
        Hours(v, "chatHours", s.ChatHours, calendar, zone);
        if (s.Scripts is null) v.Add("scripts", "is required.");
        else
            foreach (var p in typeof(ChatScripts).GetProperties())
                v.Required($"scripts.{char.ToLowerInvariant(p.Name[0])}{p.Name[1..]}", (string?)p.GetValue(s.Scripts), 2_000);
        foreach (var skill in s.Skills ?? []) v.Required("skills", skill, 60);
        foreach (var (topic, skill) in s.TopicRouting ?? new Dictionary<string, string>())
            if (!(s.Skills ?? []).Contains(skill)) v.Add($"topicRouting.{topic}", $"routes to '{skill}', which is not one of the skills.");
        foreach (var (type, days) in s.TermOverrides ?? new Dictionary<PqrsdType, int>())
            if (LegalTerms.ValidateOverride(type, days, today) is { } why)
                v.Add($"termOverrides.{System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(type.ToString())}", why);
        if (s.Chat is null) v.Add("chat", "is required.");
        else
        {
            if (s.Chat.IdlePromptAfterSeconds is < 10 or > 3_600) v.Add("chat.idlePromptAfterSeconds", "must be between 10 and 3600.");
            if (s.Chat.IdleCloseAfterSeconds <= s.Chat.IdlePromptAfterSeconds || s.Chat.IdleCloseAfterSeconds > 7_200)
                v.Add("chat.idleCloseAfterSeconds", "must be after the idle prompt and at most 7200.");
            if (s.Chat.PresenceHeartbeatSeconds is < 10 or > 600) v.Add("chat.presenceHeartbeatSeconds", "must be between 10 and 600.");
        }
        if (s.Survey is null) v.Add("survey", "is required.");
        else
        {
            if (s.Survey.InPersonShare is < 0.10m or > 1m) v.Add("survey.inPersonShare", "must be between 0.10 and 1 (at least 10 % of those attended).");
            Url(v, "survey.url", s.Survey.Url);
        }
        Url(v, "pqrsdFormUrl", s.PqrsdFormUrl);
        foreach (var origin in s.AllowedOrigins ?? [])
            // As a browser sends it in the Origin header: scheme://host[:port], nothing more.
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")
                || u.UserInfo.Length > 0 || u.GetLeftPart(UriPartial.Authority) != origin)
                v.Add("allowedOrigins", $"'{origin}' is not an origin (scheme://host[:port], no path).");
        v.ThrowIfAny();
    }

    private static void Hours(Validator v, string field, string? text, BusinessCalendar calendar, TimeZoneInfo? zone)
    {
        if (string.IsNullOrWhiteSpace(text)) { v.Add(field, "is required, e.g. \"mon-fri 08:00-12:00, 14:00-16:00\"."); return; }
        try
        {
            var hours = WeeklyHours.Parse(text, calendar, zone ?? EntityTimeZone.Default);
            if (hours.Ranges.Count == 0) v.Add(field, "has no opening hours, e.g. \"mon-fri 08:00-12:00, 14:00-16:00\".");
            foreach (var error in hours.Validate()) v.Add(field, error);
        }
        catch (FormatException e) { v.Add(field, e.Message); }
    }

    private static void Url(Validator v, string field, string? url)
    {
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
            v.Add(field, $"'{url}' is not an http(s) link.");
    }

    private static IReadOnlyList<string> Changed(EntitySettings? before, EntitySettings after)
    {
        var all = typeof(EntitySettings).GetProperties();
        if (before is null) return all.Select(p => Camel(p.Name)).ToList();
        return all.Where(p => !Same(p.GetValue(before), p.GetValue(after))).Select(p => Camel(p.Name)).ToList();
    }

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (System.Collections.IDictionary x, System.Collections.IDictionary y) =>
            x.Count == y.Count && x.Keys.Cast<object>().All(k => y.Contains(k) && Equals(x[k], y[k])),
        (System.Collections.IEnumerable x, System.Collections.IEnumerable y) when a is not string =>
            x.Cast<object>().SequenceEqual(y.Cast<object>()),
        _ => Equals(a, b),
    };

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
