using Atencion.Domain.Calendar;
using Atencion.Domain.Entities;

namespace Atencion.Domain.Tests.Entities;

/// <summary>A valid entity configuration (Alcaldía de Tenjo's, abridged) that each test bends one way.</summary>
public static class Settings
{
    public static readonly DateOnly Today = new(2026, 3, 2);

    public static ChatScripts Scripts() => new(
        GreetingMorning: "Buenos días, cordial saludo por parte de la administración municipal de Tenjo. ¿Con quién tengo el gusto?",
        GreetingAfternoon: "Buenas tardes, cordial saludo por parte de la administración municipal de Tenjo. ¿Con quién tengo el gusto?",
        AskHowToHelp: "¿En qué le puedo ayudar?",
        AskEmail: "Por favor indíquenos su correo electrónico.",
        IdlePrompt: "¿Se encuentra en línea?",
        Escalation: "Lo invito a presentar su inquietud en https://www.tenjo-cundinamarca.gov.co/pqrsd",
        ConductWarning: "Le pedimos el favor de no usar un lenguaje ofensivo.",
        SatisfactionCheck: "¿Es satisfactoria la respuesta?",
        Closing: "Gracias por su consulta.",
        Offline: "En este momento el chat no está en línea.");

    public static EntitySettings Valid() => new(
        Name: "Alcaldía Municipal de Tenjo",
        Kind: "alcaldia",
        TimeZone: "America/Bogota",
        OfficeHours: "mon-fri 08:00-12:00, 14:00-16:00",
        ChatHours: "mon-fri 08:00-12:00, 14:00-16:00",
        LocalNonWorkingDays: [new DateOnly(2026, 7, 20)],
        Scripts: Scripts(),
        Skills: ["first-level", "lawyer"],
        TopicRouting: new Dictionary<string, string> { ["familia"] = "lawyer", ["tramites"] = "first-level" },
        TermOverrides: new Dictionary<PqrsdType, int> { [PqrsdType.Petition] = 10 },
        Chat: new ChatTimings(),
        Survey: new SurveyPolicy("https://www.tenjo-cundinamarca.gov.co/encuesta"),
        PqrsdFormUrl: "https://www.tenjo-cundinamarca.gov.co/pqrsd",
        AllowedOrigins: ["https://www.tenjo-cundinamarca.gov.co"]);

    /// <summary>The same configuration rebuilt from fresh collections and records: equal in content, not in references.</summary>
    public static EntitySettings Copy(EntitySettings s) => s with
    {
        LocalNonWorkingDays = s.LocalNonWorkingDays.ToArray(),
        Scripts = s.Scripts with { },
        Skills = s.Skills.ToList(),
        TopicRouting = s.TopicRouting.Reverse().ToDictionary(),
        TermOverrides = s.TermOverrides.ToDictionary(),
        Chat = s.Chat with { },
        Survey = s.Survey with { },
        AllowedOrigins = s.AllowedOrigins.ToList(),
    };
}
