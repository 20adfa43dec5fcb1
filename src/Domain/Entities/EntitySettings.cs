using Atencion.Domain.Calendar;

namespace Atencion.Domain.Entities;

/// <summary>The texts the chat protocol posts, in Spanish, per entity (defaults from the Tenjo and Floridablanca protocols).</summary>
/// <param name="GreetingMorning">Greeting before noon, local time.</param>
/// <param name="GreetingAfternoon">Greeting from noon on.</param>
/// <param name="AskHowToHelp">"¿En qué le puedo ayudar?".</param>
/// <param name="AskEmail">The request for the citizen's email, in case the connection drops.</param>
/// <param name="IdlePrompt">"¿Se encuentra en línea? …" after the citizen's silence.</param>
/// <param name="Escalation">The script when a question exceeds first-level orientation, with the PQRSD link.</param>
/// <param name="ConductWarning">The warning against offensive language.</param>
/// <param name="SatisfactionCheck">"¿Es satisfactoria la respuesta?".</param>
/// <param name="Closing">The thanks with the survey link.</param>
/// <param name="Offline">What the citizen reads when the chat is offline.</param>
public sealed record ChatScripts(
    string GreetingMorning, string GreetingAfternoon, string AskHowToHelp, string AskEmail, string IdlePrompt,
    string Escalation, string ConductWarning, string SatisfactionCheck, string Closing, string Offline);

/// <summary>Chat timings: the citizen's silence before the prompt and before closing, and the advisors' presence heartbeat.</summary>
/// <param name="IdlePromptAfterSeconds">Silence before "¿Se encuentra en línea?" (default 60).</param>
/// <param name="IdleCloseAfterSeconds">Silence before the chat closes for inactivity (default 120).</param>
/// <param name="PresenceHeartbeatSeconds">How long an advisor's presence lasts without renewal (default 60).</param>
public sealed record ChatTimings(int IdlePromptAfterSeconds = 60, int IdleCloseAfterSeconds = 120, int PresenceHeartbeatSeconds = 60);

/// <summary>When satisfaction surveys are offered.</summary>
/// <param name="Url">The survey link posted in the closing script and emails.</param>
/// <param name="InPersonShare">The share of in-person attentions sampled (at least 10 % per the Itagüí procedure).</param>
public sealed record SurveyPolicy(string? Url, decimal InPersonShare = 0.10m);

/// <summary>An entity's configuration: hours, calendar, scripts, skills and routing, terms, chat timings, surveys, allowed origins.</summary>
/// <param name="Name">The entity's official name.</param>
/// <param name="Kind">personeria, alcaldia, camara-de-comercio …</param>
/// <param name="TimeZone">IANA time zone (America/Bogota).</param>
/// <param name="OfficeHours">In-person and phone hours, e.g. "mon-fri 08:00-12:00, 14:00-18:00".</param>
/// <param name="ChatHours">Chat hours in the same form.</param>
/// <param name="LocalNonWorkingDays">Municipal holidays and closures, besides the national holidays.</param>
/// <param name="Scripts">The chat protocol's texts.</param>
/// <param name="Skills">The skills its staff may have (lawyer, technician, first-level …).</param>
/// <param name="TopicRouting">Topic → the skill that handles it.</param>
/// <param name="TermOverrides">Shorter terms than the law's, per PQRSD type, in business days.</param>
/// <param name="Chat">Chat timings.</param>
/// <param name="Survey">Survey policy.</param>
/// <param name="PqrsdFormUrl">The entity's PQRSD form, linked from the escalation script.</param>
/// <param name="AllowedOrigins">Web origins (scheme://host[:port]) allowed to call its public routes from a browser.</param>
/// <param name="RequireAttentionOutcome">
/// Whether a phone or in-person contact must record its outcome when registered: the entity's competence (with the citizen's
/// data) or an orientation elsewhere (Itagüí PAU-02). Off by default: other entities register contacts and classify later.
/// </param>
public sealed record EntitySettings(
    string Name,
    string Kind,
    string TimeZone,
    string OfficeHours,
    string ChatHours,
    IReadOnlyList<DateOnly> LocalNonWorkingDays,
    ChatScripts Scripts,
    IReadOnlyList<string> Skills,
    IReadOnlyDictionary<string, string> TopicRouting,
    IReadOnlyDictionary<PqrsdType, int> TermOverrides,
    ChatTimings Chat,
    SurveyPolicy Survey,
    string? PqrsdFormUrl,
    IReadOnlyList<string> AllowedOrigins,
    bool RequireAttentionOutcome = false);
