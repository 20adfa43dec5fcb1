using Atencion.EventStore.Marten.Store;
using Atencion.CaseService.Chat;
using Atencion.CaseService.Tests.Chat;
using Atencion.CaseService.Tests.Turns;
using Atencion.CaseService.Tests.Lifecycle;
using Atencion.CaseService.Tests.Staff;
using Atencion.Domain.Cases;
using Atencion.EventStore;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Reports;

/// <summary>
/// A month of Floridablanca's work, built through the API from Monday 2 March 2026: live chats answered fast, slow and not at
/// all (closed for inactivity), an offline chat answered the next day, petitions answered on time, late and never, an
/// information request denied and another referred late, an extended complaint, a withdrawal, a petition that is not the
/// entity's competence and is never referred, and survey answers.
/// </summary>
public class ReportsFixture : ServiceFixture
{
    public const string Tenant = Api.Flori;

    public ReportsFixture() { }

    /// <summary>The scenario on a host with these extra settings (see <see cref="ServiceFixture"/>).</summary>
    protected ReportsFixture(IReadOnlyDictionary<string, string> settings) : base(settings) { }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var advisor = As(Tenant, "advisor", "asesora");
        var operadora = As(Tenant, "advisor", "operadora");
        var store = Host.Services.GetRequiredService<MartenEventStore>();

        // Day 0, 09:00 (chat hours 08:30–09:30): three live chats.
        await this.MarkPresent(Tenant, "asesora");
        var fast = await this.StartChat(Tenant);
        Time.Advance(TimeSpan.FromSeconds(30));
        await advisor.Say(Tenant, fast.CaseId, "Buenos días, con gusto le ayudo.");
        await this.MarkPresent(Tenant, "asesora");
        var slow = await this.StartChat(Tenant);
        Time.Advance(TimeSpan.FromSeconds(90));
        await advisor.Say(Tenant, slow.CaseId, "Disculpe la espera.");
        await this.MarkPresent(Tenant, "asesora");
        var silent = await this.StartChat(Tenant);
        var inactivity = Host.Services.GetRequiredService<ChatInactivityRunner>();
        Time.Advance(TimeSpan.FromSeconds(60));
        await inactivity.RunAsync(Tenant, silent.CaseId);
        Time.Advance(TimeSpan.FromSeconds(60));
        await inactivity.RunAsync(Tenant, silent.CaseId);
        await ProjectionsCaughtUpAsync();

        // Phone and email contacts, classified on day 0.
        var answeredAtOnce = await operadora.Open();
        await operadora.Do(answeredAtOnce, "classify", new { type = "petition", topic = "derechos-humanos" });
        await operadora.Do(answeredAtOnce, "respond", new { text = "Respuesta de fondo.", channel = "email" });
        var denied = (await operadora.Classified("information-request")).Id;
        var referredLate = (await operadora.Classified("information-request")).Id;
        var neverAnswered = (await operadora.Classified("petition")).Id;
        var extended = await operadora.Open();
        var complaint = await operadora.Do(extended, "classify", new { type = "complaint", topic = "conducta" });
        var withdrawn = (await operadora.Classified("petition")).Id;
        // Not the entity's competence and never referred: overdue from the sixth business day (its referral term passed).
        var notOurs = await operadora.Open();
        await operadora.Do(notOurs, "classify", new { type = "petition", competent = false });
        var day0 = this.Today();

        // An email opens a case (the inbound channel records the opening and the email in one transaction), and the citizen
        // writes again twice; one more email reaches the phone petition already answered: three later contacts.
        var emailed = Guid.NewGuid();
        var inbound = EventMetadata.System("inbound-email");
        await store.AppendAsync(new TenantId(Tenant), emailed, "case", ExpectedVersion.NoStream,
            [new CaseOpened(emailed, Channel.Email, "Solicitud", "Solicito información.", Time.GetUtcNow()),
             new CitizenIdentified(new Citizen("Ana Ruiz", "ana@example.org", null, null, null)), Email("m1@example.org")], inbound);
        Time.Advance(TimeSpan.FromMinutes(7));
        await store.AppendAsync(new TenantId(Tenant), emailed, "case", ExpectedVersion.Any, [Email("m2@example.org")], inbound);
        Time.Advance(TimeSpan.FromMinutes(3));
        await store.AppendAsync(new TenantId(Tenant), emailed, "case", ExpectedVersion.Any, [Email("m3@example.org")], inbound);
        await store.AppendAsync(new TenantId(Tenant), answeredAtOnce, "case", ExpectedVersion.Any, [Email("m4@example.org")], inbound);

        // Day 0, 10:00: outside chat hours, so the chat is offline; it is answered the next business day.
        this.AdvanceTo(day0, 10);
        var offline = await this.StartChat(Tenant);
        var day1 = this.NextBusinessMorning();
        await operadora.Do(offline.CaseId, "classify", new { type = "consultation" });
        await operadora.Do(offline.CaseId, "respond", new { text = "Le respondemos por correo.", channel = "email" });
        await operadora.Do(withdrawn, "close", new { reason = "withdrawn", note = "El ciudadano desiste." });
        await ProjectionsCaughtUpAsync();

        // Day 1, the kiosk: R-001 served after 7 minutes' wait and 12 at the desk; J-001 called after 39 minutes and never
        // comes (a no-show); R-002 served after 45 minutes; R-003 still waiting when the day ends (expired on day 3 below).
        var r1 = (await this.Issue("registro", Tenant)).GetProperty("turnId").GetGuid();
        var r2 = (await this.Issue("registro", Tenant)).GetProperty("turnId").GetGuid();
        await this.Issue("juridica", Tenant);
        await this.Issue("registro", Tenant);
        Time.Advance(TimeSpan.FromMinutes(7));
        Assert.Equal(r1, (await this.CallNext("registro", "Módulo 1", Tenant)).GetProperty("turnId").GetGuid());
        Time.Advance(TimeSpan.FromMinutes(12));
        await ServedAsPetition(operadora, r1);
        Time.Advance(TimeSpan.FromMinutes(20));
        await this.CallNext("juridica", "Módulo 2", Tenant);
        Time.Advance(TimeSpan.FromMinutes(6));
        var expiry = Host.Services.GetRequiredService<Atencion.CaseService.Turns.TurnExpiry>();
        await expiry.RunAsync(default);
        Assert.Equal(r2, (await this.CallNext("registro", "Módulo 1", Tenant)).GetProperty("turnId").GetGuid());
        Time.Advance(TimeSpan.FromMinutes(3));
        await ServedAsPetition(operadora, r2);

        // Surveys (the surveys feature appends these events; here they are appended as it would).
        await Survey(store, fast.CaseId, Channel.Chat, "asesora", [5, 5, 4, 4], needMet: true);
        await Survey(store, slow.CaseId, Channel.Chat, "asesora", [3, 3, 2, 4], needMet: true);
        await Survey(store, answeredAtOnce, Channel.Email, "operadora", [5, 5, 5, 5], needMet: false);

        this.AdvanceBusinessDays(day0, 3);
        await expiry.RunAsync(default); // R-003's day is over
        await operadora.Do(denied, "respond", new { text = "Se niega por reserva legal (art. 19, Ley 1712).", channel = "email", denied = true });
        this.AdvanceBusinessDays(day0, 6);
        await operadora.Do(referredLate, "refer", new { entity = "Contraloría de Santander", reason = "Es de su competencia." });
        this.AdvanceBusinessDays(day0, 8);
        var due = complaint.Date("dueDate")!.Value;
        await As(Tenant, "supervisor", "jefa").Do(extended, "extend", new { reason = "Se requiere concepto técnico.", newDueDate = Atencion.Domain.Calendar.BusinessCalendar.National.AddBusinessDays(due, 5) });
        await ProjectionsCaughtUpAsync();

        this.AdvanceTo(Atencion.Domain.Calendar.BusinessCalendar.National.AddBusinessDays(due, 1));
        await operadora.Do(extended, "respond", new { text = "Respuesta dentro de la prórroga.", channel = "email" });
        // neverAnswered is left past its due date: it is overdue now.
        _ = neverAnswered;
        await ProjectionsCaughtUpAsync();
    }

    /// <summary>The desk opens the turn's in-person case, serves the turn with it, and answers the petition at once.</summary>
    private async Task ServedAsPetition(Caller desk, Guid turn)
    {
        var caseId = await desk.CreateCase(Tenant, Api.NewCase("in-person"));
        await this.Serve(turn, caseId, Tenant, x => x.StatusCodeShouldBeSuccess());
        await desk.Do(caseId, "classify", new { type = "petition" });
        await desk.Do(caseId, "respond", new { text = "Atendido en ventanilla.", channel = "in-person" });
    }

    private static EmailReceived Email(string messageId) =>
        new(messageId, "ana@example.org", "Ana Ruiz", ["pqrsd@floridablanca.gov.co"], "Re: Solicitud", "Adjunto lo pedido.", null, null, []);

    private async Task Survey(MartenEventStore store, Guid caseId, Channel channel, string staff, int[] scores, bool needMet)
    {
        var id = Guid.NewGuid();
        var meta = EventMetadata.System("web");
        await store.AppendAsync(new TenantId(Tenant), caseId, "case", ExpectedVersion.Any,
            [new SurveyRequested(id, channel, staff, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(id.ToByteArray())), Time.GetUtcNow().AddDays(30))], meta);
        Time.Advance(TimeSpan.FromMinutes(5));
        await store.AppendAsync(new TenantId(Tenant), caseId, "case", ExpectedVersion.Any,
            [new SurveyAnswered(id, scores[0], scores[1], scores[2], scores[3], needMet, null)], meta);
    }
}
