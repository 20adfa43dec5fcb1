using System.Text.RegularExpressions;

namespace Atencion.CaseService.Http;

/// <summary>
/// The Spanish of the problems' English texts, keyed by the English text itself (with <c>{placeholders}</c> for what
/// varies), so that the code that refuses a request keeps one message and this catalogue is the one place to read and
/// correct the Spanish. A text with no entry stays in English: a wrong translation would mislead more than the original.
/// Placeholders are translated too when they hold a text of the catalogue (a JSON error inside a body error).
/// </summary>
public static partial class SpanishProblemTexts
{
    /// <summary>How the detail of an invalid request begins (<see cref="Domain.Common.ValidationFailed"/>).</summary>
    public const string NotValidPrefix = "The request is not valid: ";

    private static readonly (string English, string Spanish)[] Catalogue =
    [
        // Titles: the service's own, then ASP.NET Core's defaults.
        ("The request is not valid.", "La solicitud no es válida."),
        ("The request could not be read.", "No se pudo leer la solicitud."),
        ("The request body is not valid JSON.", "El cuerpo de la solicitud no es JSON válido."),
        ("Not found.", "No encontrado."),
        ("The survey has expired.", "La encuesta venció."),
        ("Forbidden.", "No permitido."),
        ("The resource changed.", "El recurso cambió."),
        ("Concurrent change.", "Cambio concurrente."),
        ("The document is too large.", "El documento es demasiado grande."),
        ("The document's kind is not accepted.", "No se acepta ese tipo de documento."),
        ("The legal term rule does not allow this.", "La regla de términos legales no lo permite."),
        ("Not allowed in the current state.", "No se permite en el estado actual."),
        ("Unexpected error.", "Error inesperado."),
        ("The service is temporarily unavailable.", "El servicio no está disponible por el momento."),
        ("Too many requests.", "Demasiadas solicitudes."),
        ("Authentication required.", "Se requiere autenticación."),
        ("The chat has ended.", "El chat terminó."),
        ("This origin may not open the chat hub.", "Este origen no puede abrir el hub del chat."),
        ("This origin may not open the turn board hub.", "Este origen no puede abrir el hub del tablero de turnos."),
        ("Not acceptable.", "No aceptable."),
        ("One or more validation errors occurred.", "La solicitud no es válida."),
        ("Bad Request", "Solicitud incorrecta"),
        ("Unauthorized", "No autorizado"),
        ("Forbidden", "No permitido"),
        ("Not Found", "No encontrado"),
        ("Method Not Allowed", "Método no permitido"),
        ("Not Acceptable", "No aceptable"),
        ("Conflict", "Conflicto"),
        ("Unsupported Media Type", "Tipo de contenido no admitido"),
        ("An error occurred while processing your request.", "Ocurrió un error al procesar la solicitud."),

        // Details.
        ("A browser's connection from '{origin}' must name its entity (the chat token's tenant, or ?tenant=).",
            "Una conexión de navegador desde '{origin}' debe indicar su entidad (el tenant del token del chat, o ?tenant=)."),
        ("'{origin}' is not among the allowed origins of {tenants}.", "'{origin}' no está entre los orígenes permitidos de {tenants}."),
        ("The case changed while this command ran (now at version {n}); retry.",
            "El caso cambió mientras se ejecutaba esta operación (ahora está en la versión {n}); intente de nuevo."),
        ("The service cannot reach its database at the moment. A command is recorded whole or not at all, so nothing was left half-written; try again in {s} seconds (with If-Match, a command that did take effect answers 412).",
            "El servicio no puede comunicarse con su base de datos en este momento. Cada operación se registra completa o no se registra, así que nada quedó a medias; intente de nuevo en {s} segundos (con If-Match, una operación que sí se registró responde 412)."),
        ("The service failed; the error was logged with this request's trace id.",
            "El servicio falló; el error quedó registrado con el identificador de traza de esta solicitud."),
        ("At most {n} requests a minute from one address to this entity's '{family}' routes; try again in {s} seconds.",
            "Como máximo {n} solicitudes por minuto desde una misma dirección a las rutas '{family}' de esta entidad; intente de nuevo en {s} segundos."),
        ("Send a valid bearer token (Authorization: Bearer <JWT>) issued for this entity.",
            "Envíe un token válido (Authorization: Bearer <JWT>) emitido para esta entidad."),
        ("The bearer token has no {claims} claim; every token names its subject, role and entity.",
            "Al token le falta el claim {claims}; todo token indica su sujeto, su rol y su entidad."),
        ("Your token does not allow this.", "Su token no permite esto."),
        ("This route takes the role {roles}; your token's role is {held}.", "Esta ruta admite el rol {roles}; el rol de su token es {held}."),
        ("This route takes the roles {roles}; your token's role is {held}.", "Esta ruta admite los roles {roles}; el rol de su token es {held}."),
        ("There is no entity '{tenant}' for this caller.", "No existe la entidad '{tenant}' para quien consulta."),
        ("There is no PQRSD with that radicado and tracking code.", "No hay ninguna PQRSD con ese radicado y ese código de seguimiento."),
        ("There is no chat {id} for this caller.", "No existe el chat {id} para quien consulta."),
        ("There is no chat {id}.", "No existe el chat {id}."),
        ("The case has no chat.", "El caso no tiene chat."),
        ("The chat has no message {id}.", "El chat no tiene el mensaje {id}."),
        ("The chat is closed.", "El chat está cerrado."),
        ("The chat is waiting for an answer by email; it takes no more messages from the citizen.",
            "El chat espera una respuesta por correo electrónico; no admite más mensajes del ciudadano."),
        ("The satisfaction check was not asked (or was already answered).", "La pregunta de satisfacción no se hizo (o ya se respondió)."),
        ("Only the citizen of the chat answers this.", "Solo el ciudadano del chat responde esto."),
        ("The citizen closes a chat only with the reason 'citizen'.", "El ciudadano cierra un chat solo con el motivo 'citizen'."),
        ("This chat ended at {at}; its token opened it for {minutes} minutes after that. The answer to an open question arrives by email.",
            "Este chat terminó el {at}; su token lo abrió durante {minutes} minutos más. La respuesta a una pregunta pendiente llega por correo electrónico."),
        ("This chat ended; its token opened it for {minutes} minutes after that. The answer to an open question arrives by email.",
            "Este chat terminó; su token lo abrió durante {minutes} minutos más. La respuesta a una pregunta pendiente llega por correo electrónico."),
        ("There is no such survey.", "No existe esa encuesta."),
        ("This survey was already answered; it takes one answer.", "Esta encuesta ya fue respondida; admite una sola respuesta."),
        ("This survey closed on {date}; surveys are open for 30 days.", "Esta encuesta cerró el {date}; las encuestas están abiertas durante 30 días."),
        ("There is no turn {id}.", "No existe el turno {id}."),
        ("No turn of '{service}' is waiting today.", "Hoy no espera ningún turno de '{service}'."),
        ("Send the body as application/json.", "Envíe el cuerpo como application/json."),
        ("The body is not valid JSON for this request (the body): {why}", "El cuerpo no es JSON válido para esta solicitud: {why}"),
        ("The body is not valid JSON for this request ({path}): {why}", "El cuerpo no es JSON válido para esta solicitud ({path}): {why}"),

        // Messages of the errors object (after the field's JSON path).
        ("is required.", "es obligatorio."),
        ("must be at most {max} characters (it has {length}).", "debe tener como máximo {max} caracteres (tiene {length})."),
        ("must not contain control characters.", "no debe contener caracteres de control."),
        ("'{value}' is not a valid email address.", "'{value}' no es una dirección de correo electrónico válida."),
        ("may contain only digits, spaces and + - ( ).", "solo puede contener dígitos, espacios y + - ( )."),
        ("is required when idNumber is given.", "es obligatorio cuando se indica idNumber."),
        ("is required when idType is given.", "es obligatorio cuando se indica idType."),
        ("orientation is answered on the spot and is not filed through the form.",
            "la orientación se atiende en el momento y no se radica por el formulario."),
        ("must be true: personal data are processed only with consent (Ley 1581 de 2012).",
            "debe ser true: los datos personales se tratan solo con autorización (Ley 1581 de 2012)."),
        ("is required while the chat is offline: it is answered by email.",
            "es obligatorio mientras el chat está fuera de línea: se responde por correo electrónico."),
        ("is required: true or false.", "es obligatorio: true o false."),
        ("is required: 1 to 5.", "es obligatorio: de 1 a 5."),
        ("must be from 1 to 5 (it is {value}).", "debe estar entre 1 y 5 (es {value})."),
        ("is required: answered, conduct, inactivity or citizen.", "es obligatorio: answered, conduct, inactivity o citizen."),
        ("is required: one of {services}.", "es obligatorio: uno de {services}."),
        ("'{service}' is not a service of this entity: one of {services}.", "'{service}' no es un servicio de esta entidad: uno de {services}."),
        ("{value} is not one of the allowed values: {values}.", "{value} no es uno de los valores permitidos: {values}."),
    ];

    private static readonly (Regex English, string Spanish)[] Patterns = [.. Catalogue.Select(e => (Pattern(e.English), e.Spanish))];

    /// <summary>The Spanish of an English problem text, or the text itself when the catalogue has none.</summary>
    public static string Translate(string english)
    {
        foreach (var (pattern, spanish) in Patterns)
        {
            var match = pattern.Match(english);
            if (!match.Success) continue;
            return Placeholder().Replace(spanish, p => match.Groups[p.Groups[1].Value] is { Success: true } g ? Translate(g.Value) : p.Value);
        }
        return english;
    }

    /// <summary>The detail of an invalid request, in Spanish, from its (already translated) errors.</summary>
    public static string NotValid(IReadOnlyDictionary<string, string[]> errors) =>
        "La solicitud no es válida: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));

    // "must be at most {max} characters" → ^must\ be\ at\ most\ (?<max>.+?)\ characters$
    private static Regex Pattern(string template)
    {
        var pattern = string.Concat(Placeholder().Split(template).Select((part, i) => i % 2 == 0 ? Regex.Escape(part) : $"(?<{part}>.+?)"));
        return new Regex($"^{pattern}$", RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();
}
