using Atencion.EventStore.Marten.Store;
using System.Net;
using System.Text.Json;
using Atencion.CaseService.Surveys;
using Atencion.Domain.Cases;
using Atencion.Domain.Surveys;
using Atencion.Projections.Entities;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Surveys;

/// <summary>A phone or in-person orientation ends the attention at opening, and is drawn into the reproducible survey sample like any other close.</summary>
public sealed class OrientationSurveyTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string Tenant = Attention.AttentionApi.Itagui;

    private static object Orientation(string channel) => new
    {
        channel,
        competent = false,
        orientation = new { entity = "Comisaría de Familia de Itagüí" },
        citizen = new { name = "Jairo Cardona", email = "jairo@example.com" },
        subject = "Custodia",
        text = "Pregunta por la custodia de su hijo.",
    };

    private async Task<List<object>> Events(Guid caseId) =>
        (await f.Host.Services.GetRequiredService<EventStore.Marten.Store.MartenEventStore>().ReadStreamAsync(new EventStore.TenantId(Tenant), caseId))
        .Select(e => e.Data).ToList();

    [Theory]
    [InlineData("in-person", Channel.InPerson)]
    [InlineData("phone", Channel.Phone)]
    public async Task Orientations_follow_the_reproducible_sample_and_a_drawn_one_gets_a_working_token_and_the_email(string wire, Channel channel)
    {
        var seed = f.Host.Services.GetRequiredService<SurveyOffers>().Seed;
        var share = (await f.Host.Services.GetRequiredService<EntityRegistry>().FindAsync(Tenant, default))!.Settings.Survey.InPersonShare;
        var advisor = f.As(Tenant, "advisor", "abogada");
        JsonElement? drawn = null;
        var left = 0;
        // At a 10 % share, 150 orientations leave a chance of about 1e-7 that none (or all) is drawn.
        for (var i = 0; i < 150 && (drawn is null || left == 0); i++)
        {
            var created = (await advisor.Scenario(x =>
            {
                x.Post.Json(Orientation(wire)).ToUrl($"/api/{Tenant}/cases");
                x.StatusCodeShouldBe(HttpStatusCode.Created);
            })).Json();
            var id = created.GetProperty("id").GetGuid();
            var expected = SurveySampling.Offer(channel, id, share, seed);
            Assert.Equal(expected, created.GetProperty("surveyToken").ValueKind == JsonValueKind.String);
            Assert.Equal(expected, (await Events(id)).OfType<SurveyRequested>().Any());
            if (expected) drawn ??= created; else left++;
        }
        Assert.True(drawn is not null && left > 0, $"the sample drew {(drawn is null ? "none" : "all")}");
        var offered = drawn!.Value;

        var caseId = offered.GetProperty("id").GetGuid();
        var token = offered.GetProperty("surveyToken").GetString()!;
        Assert.Equal($"https://www.personeriaitagui.gov.co/encuesta?token={token}", offered.GetProperty("surveyLink").GetString());
        var events = await Events(caseId);
        Assert.Equal(CloseReason.Answered, events.OfType<CaseClosed>().Single().Reason);
        var requested = events.OfType<SurveyRequested>().Single();
        Assert.Equal(channel, requested.Channel);
        Assert.Equal("abogada", requested.StaffMember);
        var email = events.OfType<EmailQueued>().Single(e => e.Kind == EmailKind.Survey);
        Assert.Equal(["jairo@example.com"], email.To);
        Assert.Contains(offered.GetProperty("surveyLink").GetString()!, email.Body);
        await f.ReadSurvey(Tenant, token, x => x.StatusCodeShouldBeOk());
        await f.AnswerSurvey(Tenant, token, new { courtesy = 5, quality = 5, timeliness = 4, competence = 5, needMet = true }, x => x.StatusCodeShouldBeOk());
        Assert.Single((await Events(caseId)).OfType<SurveyAnswered>());
    }

    [Fact]
    public async Task A_competent_attention_opens_without_a_survey_until_it_is_closed()
    {
        var created = (await f.As(Tenant, "advisor", "abogada").Scenario(x =>
            x.Post.Json(Attention.AttentionApi.Competent()).ToUrl($"/api/{Tenant}/cases"))).Json();
        Assert.Equal(JsonValueKind.Null, created.GetProperty("surveyToken").ValueKind);
        Assert.Empty((await Events(created.GetProperty("id").GetGuid())).OfType<SurveyRequested>());
    }
}
