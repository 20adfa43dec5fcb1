namespace Atencion.Domain.Cases.Emails;

/// <summary>Composes every email a case sends, so that each one carries the radicado in its subject and the case's reply address.</summary>
/// <remarks>
/// The composer only builds <see cref="EmailQueued"/> events; a command puts them in its own decision, so the email is queued
/// in the same transaction as its cause. Texts are plain Spanish; the citizen's answer is quoted as the staff member wrote it.
/// </remarks>
public sealed class CaseEmails(ReplyAddress replies)
{
    /// <summary>The subject with the case's radicado in front when it has one, e.g. <c>[Radicado 2026-000042] Respuesta a su petición</c>.</summary>
    public static string Subject(Case c, string text) => c.Radicado is { } radicado ? $"[Radicado {radicado}] {text}" : text;

    /// <summary>The final answer to the citizen; null when the citizen gave no email.</summary>
    public EmailQueued? Response(string tenant, string entityName, Case c, string answer) =>
        ToCitizen(c) is not { } to ? null : Queue(EmailKind.Response, tenant, c, [to], "Respuesta a su petición", $"""
            {Greeting(c)}

            {entityName} da respuesta a su solicitud{Filed(c)}:

            {answer.Trim()}

            {ReplyHint}

            Atentamente,
            {entityName}
            """);

    /// <summary>The notice that the request was referred to the competent entity (Ley 1755 de 2015, art. 21); null without an email.</summary>
    public EmailQueued? Referral(string tenant, string entityName, Case c, CaseReferred referral) =>
        ToCitizen(c) is not { } to ? null : Queue(EmailKind.Referral, tenant, c, [to], "Su solicitud fue remitida a la entidad competente", $"""
            {Greeting(c)}

            Su solicitud{Filed(c)} no es de competencia de {entityName}. Conforme al artículo 21 de la Ley 1755 de 2015,
            fue remitida a {referral.Entity}, la entidad competente, que le dará respuesta.

            Motivo de la remisión: {referral.Reason}

            {ReplyHint}

            Atentamente,
            {entityName}
            """);

    /// <summary>Warns staff (the assignee, the supervisors) that the case's due date is near; null when nobody has an email.</summary>
    public EmailQueued? DeadlineWarning(string tenant, string entityName, Case c, IReadOnlyList<string> to, DateOnly dueDate, int businessDaysLeft) =>
        StaffNotice(EmailKind.DeadlineWarning, tenant, c, to, $"Vence el {dueDate:yyyy-MM-dd}: responda a tiempo", $"""
            El caso {Name(c)} de {entityName} vence el {dueDate:yyyy-MM-dd}; quedan {businessDaysLeft} día(s) hábil(es) para responder.
            {(c.Assignee is { } assignee ? $"Lo tiene asignado: {assignee}." : "No está asignado.")}

            Si se requiere una prórroga, debe informarse al ciudadano antes de que venza el término (Ley 1755 de 2015, art. 14).
            """);

    /// <summary>Tells the supervisors an email could not be delivered; null when no supervisor has an email.</summary>
    /// <param name="tenant">The entity.</param>
    /// <param name="entityName">The entity's name.</param>
    /// <param name="c">The case the email belonged to.</param>
    /// <param name="supervisors">The supervisors' addresses.</param>
    /// <param name="failedKind">Why the failed email was sent.</param>
    /// <param name="failedTo">Whom it was for.</param>
    /// <param name="failedSubject">Its subject.</param>
    /// <param name="attempts">Attempts made.</param>
    /// <param name="lastError">The last error the server or network gave.</param>
    public EmailQueued? DeliveryFailure(string tenant, string entityName, Case c, IReadOnlyList<string> supervisors,
        EmailKind failedKind, IReadOnlyList<string> failedTo, string failedSubject, int attempts, string lastError) =>
        StaffNotice(EmailKind.DeliveryFailure, tenant, c, supervisors, "No se pudo entregar un correo", $"""
            Un correo del caso {Name(c)} de {entityName} no pudo entregarse después de {attempts} intento(s).

            Tipo: {failedKind}
            Para: {string.Join(", ", failedTo)}
            Asunto: {failedSubject}
            Último error: {lastError}

            Comuníquese con el destinatario por otro canal y deje constancia en el caso.
            """);

    /// <summary>Any notice to staff about a case, with the radicado in the subject; null when <paramref name="to"/> is empty.</summary>
    public EmailQueued? StaffNotice(EmailKind kind, string tenant, Case c, IReadOnlyList<string> to, string subject, string body)
    {
        var recipients = to.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return recipients.Count == 0 ? null : Queue(kind, tenant, c, recipients, subject, body);
    }

    private EmailQueued Queue(EmailKind kind, string tenant, Case c, IReadOnlyList<string> to, string subject, string body) =>
        new(Guid.CreateVersion7(), kind, to, Subject(c, subject), body.ReplaceLineEndings("\n").Trim() + "\n", replies.For(tenant, c.Id));

    private const string ReplyHint = "Puede responder a este correo; su mensaje quedará en el expediente de su caso.";

    private static string? ToCitizen(Case c) => c.Citizen?.Email is { Length: > 0 } email ? email.Trim() : null;

    private static string Greeting(Case c) => c.Citizen?.Name is { Length: > 0 } name ? $"Estimado(a) {name.Trim()}:" : "Estimado(a) ciudadano(a):";

    private static string Filed(Case c) => c.Radicado is { } radicado ? $" radicada con el número {radicado}" : "";

    private static string Name(Case c) => c.Radicado is { } radicado ? $"con radicado {radicado}" : c.Id.ToString();
}
