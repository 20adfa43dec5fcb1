using Atencion.Domain.Cases;
using Atencion.Domain.Cases.Emails;

namespace Atencion.Domain.Tests.Cases.Emails;

public sealed class CaseEmailsTests
{
    private static readonly ReplyAddress Replies = new(new byte[32], "respuestas@entidad.gov.co");
    private static readonly CaseEmails Emails = new(Replies);
    private static readonly DateTimeOffset At = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);

    private static Case Opened(string? email = "luz@example.com", string? radicado = "2026-000042") =>
        Case.Create(new CaseOpened(Guid.NewGuid(), Channel.Web, "Petición", "Texto", At))
            .Apply(new CitizenIdentified(new Citizen("Luz Marina Rueda", email, null, null, null)), At)
            .Apply(radicado is null ? new NoteAdded(Guid.NewGuid(), "sin radicar") : new CaseFiled(radicado, 2026, 42, "hash"), At);

    [Fact]
    public void The_answer_goes_to_the_citizen_with_the_radicado_in_the_subject_and_the_cases_reply_address()
    {
        var c = Opened();
        var email = Emails.Response("personeria-floridablanca", "Personería de Floridablanca", c, "  Su respuesta.  ")!;

        Assert.Equal(EmailKind.Response, email.Kind);
        Assert.Equal(["luz@example.com"], email.To);
        Assert.Equal("[Radicado 2026-000042] Respuesta a su petición", email.Subject);
        Assert.Equal(Replies.For("personeria-floridablanca", c.Id), email.ReplyTo);
        Assert.StartsWith("Estimado(a) Luz Marina Rueda:\n", email.Body);
        Assert.Contains("radicada con el número 2026-000042", email.Body);
        Assert.Contains("\nSu respuesta.\n", email.Body);
        Assert.EndsWith("Personería de Floridablanca\n", email.Body);
    }

    [Fact]
    public void Without_a_radicado_the_subject_is_plain_and_without_an_email_nothing_is_queued()
    {
        Assert.Equal("Respuesta a su petición", Emails.Response("t", "E", Opened(radicado: null), "R")!.Subject);
        Assert.Null(Emails.Response("t", "E", Opened(email: null), "R"));
        Assert.Null(Emails.Referral("t", "E", Opened(email: null), new CaseReferred("Otra", "Motivo", new DateOnly(2026, 3, 9), false)));
    }

    [Fact]
    public void The_referral_notice_names_the_competent_entity_and_the_reason()
    {
        var email = Emails.Referral("t", "Alcaldía de Tenjo", Opened(), new CaseReferred("Gobernación de Cundinamarca", "Vías departamentales.", new DateOnly(2026, 3, 9), false))!;
        Assert.Equal(EmailKind.Referral, email.Kind);
        Assert.StartsWith("[Radicado 2026-000042] ", email.Subject);
        Assert.Contains("Gobernación de Cundinamarca", email.Body);
        Assert.Contains("Motivo de la remisión: Vías departamentales.", email.Body);
        Assert.Contains("no es de competencia de Alcaldía de Tenjo", email.Body);
    }

    [Fact]
    public void Staff_notices_go_to_each_address_once_and_to_nobody_is_no_email()
    {
        var c = Opened();
        var warning = Emails.DeadlineWarning("t", "E", c, ["a@example.com", "A@example.com ", "", "b@example.com"], new DateOnly(2026, 3, 20), 3)!;
        Assert.Equal(["a@example.com", "b@example.com"], warning.To);
        Assert.Equal(EmailKind.DeadlineWarning, warning.Kind);
        Assert.Equal("[Radicado 2026-000042] Vence el 2026-03-20: responda a tiempo", warning.Subject);
        Assert.Contains("quedan 3 día(s) hábil(es)", warning.Body);
        Assert.Null(Emails.StaffNotice(EmailKind.DeadlineWarning, "t", c, [], "s", "b"));
        Assert.Null(Emails.DeliveryFailure("t", "E", c, [], EmailKind.Response, ["x@example.com"], "s", 9, "550"));
    }
}
