using Atencion.EventStore.Marten.Store;
using System.Net;
using System.Text.RegularExpressions;
using Atencion.CaseService.Jobs;
using Atencion.CaseService.Tests.Chat;
using Atencion.CaseService.Tests.Jobs;
using Atencion.CaseService.Tests.Staff;
using Atencion.Domain.Cases;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Surveys;

/// <summary>
/// The idle-chat job (Hangfire, on the fake clock) closes a silent chat; when an advisor had attended the citizen the closing script with
/// the case's survey link goes out (and the survey email), when nobody had the chat closes without a survey.
/// </summary>
public sealed partial class IdleChatSurveyTests(JobsFixture f) : IClassFixture<JobsFixture>
{
    private const string Tenant = Api.Tenjo;

    [GeneratedRegex("token=([a-z0-9]{32})")]
    private static partial Regex Token();

    private async Task<List<object>> Events(Guid caseId) =>
        (await f.Host.Services.GetRequiredService<EventStore.Marten.Store.MartenEventStore>().ReadStreamAsync(new EventStore.TenantId(Tenant), caseId))
        .Select(e => e.Data).ToList();

    private async Task<System.Text.Json.JsonElement> ClosedByTheJob(Caller citizen, Guid caseId)
    {
        f.Time.Advance(TimeSpan.FromSeconds(120));
        var closed = await Sweeps.UntilAsync(() => citizen.ReadChat(Tenant, caseId), c => c.GetProperty("status").GetString() == "closed",
            "the close for inactivity");
        Assert.Equal("inactivity", closed.GetProperty("closedReason").GetString());
        return closed;
    }

    [Fact]
    public async Task A_chat_an_advisor_attended_gets_the_closing_script_with_its_survey_link_and_the_email_when_closed_for_inactivity()
    {
        await f.MarkPresent(Tenant, "asesor");
        var chat = await f.StartChat(Tenant);
        Assert.Equal("live", chat.Mode);
        var citizen = f.Citizen(chat.Token);
        await f.As(Tenant, "advisor", "asesor").Say(Tenant, chat.CaseId, "Con gusto le ayudo. ¿Cuál es su radicado?", x => x.StatusCodeShouldBe(HttpStatusCode.Created));

        var closed = await ClosedByTheJob(citizen, chat.CaseId);

        var closing = closed.Texts()[^1];
        Assert.StartsWith("Gracias por su consulta.", closing);
        Assert.Contains("http://186.28.255.236/encuesta/?token=", closing);
        var token = Token().Match(closing).Groups[1].Value;
        await f.ReadSurvey(Tenant, token, x => x.StatusCodeShouldBeOk());

        var events = await Events(chat.CaseId);
        var requested = events.OfType<SurveyRequested>().Single();
        Assert.Equal(Channel.Chat, requested.Channel);
        var email = events.OfType<EmailQueued>().Single(e => e.Kind == EmailKind.Survey);
        Assert.Equal(["luz@example.com"], email.To);
        Assert.Contains(token, email.Body);
        // The closing message comes before the close, like a close as answered.
        var types = events.Select(e => e.GetType().Name).ToList();
        Assert.Equal(types.IndexOf(nameof(Domain.Chat.ChatClosed)) - 1, types.LastIndexOf(nameof(Domain.Chat.MessagePosted)));
    }

    [Fact]
    public async Task A_chat_nobody_attended_closes_for_inactivity_without_a_survey()
    {
        await f.MarkPresent(Tenant, "asesor");
        var chat = await f.StartChat(Tenant);
        Assert.Equal("live", chat.Mode);
        var citizen = f.Citizen(chat.Token);
        await citizen.Say(Tenant, chat.CaseId, "¿Hola? ¿Alguien me atiende?", x => x.StatusCodeShouldBe(HttpStatusCode.Created));

        var closed = await ClosedByTheJob(citizen, chat.CaseId);
        await f.Host.RunsAsync(IdleChatSweep.JobName);

        Assert.DoesNotContain(closed.Texts(), t => t.Contains("token="));
        var events = await Events(chat.CaseId);
        Assert.Empty(events.OfType<SurveyRequested>());
        Assert.DoesNotContain(events.OfType<EmailQueued>(), e => e.Kind == EmailKind.Survey);
    }
}
