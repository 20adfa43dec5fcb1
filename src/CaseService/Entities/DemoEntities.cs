using Atencion.Domain.Calendar;
using Atencion.Domain.Entities;
using Atencion.EventStore;
using Atencion.Projections.Entities;

namespace Atencion.CaseService.Entities;

/// <summary>The five entities the product was born from, configured from their procedure documents (shared/seeds).</summary>
public static class DemoEntities
{
    private static ChatScripts Scripts(string by, string pqrsdUrl, string surveyUrl, string? greetingMorning = null, string? askEmail = null) => new(
        GreetingMorning: greetingMorning ?? $"Buenos días, cordial saludo por parte de {by}. ¿Con quién tengo el gusto?",
        GreetingAfternoon: greetingMorning is null ? $"Buenas tardes, cordial saludo por parte de {by}. ¿Con quién tengo el gusto?" : greetingMorning,
        AskHowToHelp: "¿En qué le puedo ayudar?",
        AskEmail: askEmail ?? "Por favor indíquenos su correo electrónico, para enviarle la respuesta si la comunicación se llega a cortar.",
        IdlePrompt: "¿Se encuentra en línea? Por favor confírmenos para poder atender su consulta.",
        Escalation: "Le ofrezco disculpas, pero para responder su consulta, se necesita tiempo adicional. Lo invito a presentar su inquietud " +
                    $"a través de nuestra página web y en el menor tiempo posible recibirá respuesta. Por favor ingrese a este enlace: {pqrsdUrl}",
        ConductWarning: "Para poder brindarle orientación, le pedimos el favor de no usar un lenguaje ofensivo. De lo contrario nos veremos " +
                        "en la necesidad de dar por terminada esta conversación.",
        SatisfactionCheck: "¿Es satisfactoria la respuesta?",
        Closing: $"Gracias por su consulta. Le invitamos a cerrar esta conversación contestando la siguiente encuesta: {surveyUrl}, la cual no " +
                 "demora más de dos minutos; ya que estamos interesados en conocer si el servicio recibido fue prestado con amabilidad, " +
                 "calidad, oportunidad e idoneidad, con el fin de implementar las mejoras a las que haya lugar.",
        Offline: "En este momento el chat no está en línea. Déjenos su nombre, su correo electrónico y su pregunta, y le enviaremos la respuesta a su correo.");

    private static EntitySettings Entity(string name, string kind, string office, string chat, ChatScripts scripts,
        string[] skills, Dictionary<string, string> routing, string pqrsdUrl, string surveyUrl, string[] origins) => new(
        name, kind, EntityTimeZone.DefaultId, office, chat, [], scripts, skills, routing, new Dictionary<PqrsdType, int>(),
        new ChatTimings(), new SurveyPolicy(surveyUrl), pqrsdUrl, origins);

    /// <summary>The demo entities by tenant id.</summary>
    public static IReadOnlyDictionary<string, EntitySettings> All { get; } = new Dictionary<string, EntitySettings>
    {
        // MACPT001 Floridablanca: chat Mon–Fri 8:30–9:30; competent matters go to the lawyer; PQRS form link.
        ["personeria-floridablanca"] = Entity("Personería Municipal de Floridablanca", "personeria",
            "mon-fri 08:00-12:00, 14:00-17:00", "mon-fri 08:30-09:30",
            Scripts("la Personería Municipal de Floridablanca", "http://personeriadefloridablanca.gov.co/pqrs/", "https://www.personeriadefloridablanca.gov.co/encuesta",
                greetingMorning: "Bienvenido(a) al chat de la Personería de Floridablanca. Cordialmente le saludamos.",
                askEmail: "De forma respetuosa le pedimos que nos suministre un correo electrónico, para garantizar una respuesta oportuna si la comunicación entre usted y el asesor se llega a cortar."),
            ["first-level", "lawyer"], new() { ["asesoria-juridica"] = "lawyer", ["vigilancia-administrativa"] = "lawyer" },
            "http://personeriadefloridablanca.gov.co/pqrs/", "https://www.personeriadefloridablanca.gov.co/encuesta",
            ["https://www.personeriadefloridablanca.gov.co"]),
        // Protocolo de chat virtual, Tenjo: Mon–Fri 8:00–12:00 and 14:00–16:00 except holidays; scripts verbatim.
        ["alcaldia-tenjo"] = Entity("Alcaldía Municipal de Tenjo", "alcaldia",
            "mon-fri 08:00-12:00, 14:00-16:00", "mon-fri 08:00-12:00, 14:00-16:00",
            Scripts("la administración municipal de Tenjo", "http://www.tenjo-cundinamarca.gov.co/Ciudadanos/Paginas/PQRD-Identificacion.aspx", "http://186.28.255.236/encuesta/"),
            ["first-level"], new(),
            "http://www.tenjo-cundinamarca.gov.co/Ciudadanos/Paginas/PQRD-Identificacion.aspx", "http://186.28.255.236/encuesta/",
            ["http://www.tenjo-cundinamarca.gov.co"]),
        // PAU-02 Itagüí: in-person legal attention (familia, laboral, civil, penal, policivo, administrativo).
        ["personeria-itagui"] = Entity("Personería Municipal de Itagüí", "personeria",
            "mon-fri 08:00-12:00, 13:30-17:30", "mon-fri 08:00-12:00, 13:30-17:30",
            Scripts("la Personería Municipal de Itagüí", "https://www.personeriaitagui.gov.co/pqrsd", "https://www.personeriaitagui.gov.co/encuesta"),
            ["first-level", "lawyer"],
            new() { ["familia"] = "lawyer", ["laboral"] = "lawyer", ["civil"] = "lawyer", ["penal"] = "lawyer", ["policivo"] = "lawyer", ["administrativo"] = "lawyer" },
            "https://www.personeriaitagui.gov.co/pqrsd", "https://www.personeriaitagui.gov.co/encuesta",
            ["https://www.personeriaitagui.gov.co"]) with { RequireAttentionOutcome = true }, // PAU-02: competence with full data, or orientation
        // AV-C-004 Valledupar: channels in person, virtual and phone; PQRSD statistics and indicators.
        ["alcaldia-valledupar"] = Entity("Alcaldía Municipal de Valledupar", "alcaldia",
            "mon-fri 08:00-12:00, 14:00-18:00", "mon-fri 08:00-12:00, 14:00-18:00",
            Scripts("la Alcaldía de Valledupar", "https://www.valledupar-cesar.gov.co/pqrsd", "https://www.valledupar-cesar.gov.co/encuesta"),
            ["first-level", "specialist"], new(),
            "https://www.valledupar-cesar.gov.co/pqrsd", "https://www.valledupar-cesar.gov.co/encuesta",
            ["https://www.valledupar-cesar.gov.co"]),
        // Atención a usuarios, Cámara de Comercio de Facatativá: operators route by topic to technicians and lawyers, by load.
        ["camara-facatativa"] = Entity("Cámara de Comercio de Facatativá", "camara-de-comercio",
            "mon-fri 08:00-12:00, 14:00-17:30", "mon-fri 08:00-12:00, 14:00-17:30",
            Scripts("la Cámara de Comercio de Facatativá", "https://www.ccfacatativa.org.co/pqr", "https://www.ccfacatativa.org.co/percepcion-cliente-virtual"),
            ["first-level", "technician", "lawyer"],
            new()
            {
                ["mutaciones"] = "technician", ["proponentes"] = "technician", ["rues"] = "technician",
                ["registro"] = "technician", ["ley-1780"] = "lawyer", ["codigo-policia"] = "lawyer",
            },
            "https://www.ccfacatativa.org.co/pqr", "https://www.ccfacatativa.org.co/percepcion-cliente-virtual",
            ["https://www.ccfacatativa.org.co"]),
    };

    /// <summary>Creates the demo entities that do not exist yet, through the same command as an admin's change; safe to run twice.</summary>
    public static async Task<IReadOnlyList<string>> SeedAsync(EntityCommands commands, EntityRegistry registry, CancellationToken ct)
    {
        var created = new List<string>();
        foreach (var (tenant, settings) in All)
        {
            if (await registry.FindAsync(tenant, ct) is not null) continue;
            try
            {
                await commands.ChangeAsync(new TenantId(tenant), settings, null, EventMetadata.System("seed"), ct);
                created.Add(tenant);
            }
            catch (Http.PreconditionFailed)
            {
                // Another seeder created it meanwhile.
            }
        }
        return created;
    }
}
