using Atencion.EventStore.Marten.Store;
using Atencion.CaseService.Tests.Chat;
using Atencion.CaseService.Tests.Lifecycle;
using Atencion.CaseService.Tests.Staff;
using Atencion.Domain.Cases;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Surveys;

/// <summary>A chat closed as answered (or for inactivity after an advisor attended it) posts the closing script with the case's own survey link instead of the static one.</summary>
public sealed class ChatSurveyTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task The_closing_script_carries_a_per_case_survey_link_and_the_case_close_offers_no_second_survey()
    {
        await f.MarkPresent(Api.Flori, "asesora");
        var chat = await f.StartChat(Api.Flori);
        var advisor = f.As(Api.Flori, "advisor", "asesora");
        await advisor.Verb(Api.Flori, chat.CaseId, "close", new { reason = "answered" });

        var closing = (await advisor.ReadChat(Api.Flori, chat.CaseId)).Texts().Last();
        Assert.Contains("https://www.personeriadefloridablanca.gov.co/encuesta?token=", closing);
        Assert.StartsWith("Gracias por su consulta.", closing);
        var token = SurveyScenarios.SurveyTokenIn(closing);
        await f.ReadSurvey(Api.Flori, token, x => x.StatusCodeShouldBeOk());

        await advisor.Command(chat.CaseId, "classify", new { type = "orientation" });
        var closed = (await advisor.Command(chat.CaseId, "close", new { reason = "answered" })).Json();
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, closed.GetProperty("surveyToken").ValueKind);

        var store = f.Host.Services.GetRequiredService<EventStore.Marten.Store.MartenEventStore>();
        var events = (await store.ReadStreamAsync(new EventStore.TenantId(Api.Flori), chat.CaseId)).Select(e => e.Data).ToList();
        Assert.Single(events.OfType<SurveyRequested>());
        Assert.Equal(EmailKind.Survey, events.OfType<EmailQueued>().Single().Kind);
    }

    [Fact]
    public async Task Staff_closing_an_attended_chat_for_inactivity_offer_the_survey_and_an_unattended_one_none()
    {
        await f.MarkPresent(Api.Flori, "asesora");
        var advisor = f.As(Api.Flori, "advisor", "asesora");
        var attended = await f.StartChat(Api.Flori);
        Assert.Equal("live", attended.Mode);
        await advisor.Say(Api.Flori, attended.CaseId, "Buenos días, ¿en qué le puedo ayudar?");
        var unattended = await f.StartChat(Api.Flori);

        await advisor.Verb(Api.Flori, attended.CaseId, "close", new { reason = "inactivity" });
        await advisor.Verb(Api.Flori, unattended.CaseId, "close", new { reason = "inactivity" });

        var closing = (await f.Citizen(attended.Token).ReadChat(Api.Flori, attended.CaseId)).Texts().Last();
        Assert.Contains("https://www.personeriadefloridablanca.gov.co/encuesta?token=", closing);
        var token = SurveyScenarios.SurveyTokenIn(closing);
        await f.ReadSurvey(Api.Flori, token, x => x.StatusCodeShouldBeOk());
        Assert.DoesNotContain((await f.Citizen(unattended.Token).ReadChat(Api.Flori, unattended.CaseId)).Texts(), t => t.Contains("token="));

        var store = f.Host.Services.GetRequiredService<EventStore.Marten.Store.MartenEventStore>();
        var tenant = new EventStore.TenantId(Api.Flori);
        Assert.Single((await store.ReadStreamAsync(tenant, attended.CaseId)).Select(e => e.Data).OfType<SurveyRequested>());
        Assert.Empty((await store.ReadStreamAsync(tenant, unattended.CaseId)).Select(e => e.Data).OfType<SurveyRequested>());
    }
}
