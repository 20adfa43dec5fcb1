using Atencion.EventStore.Marten.Store;
using System.Net;
using System.Text.Json;
using Atencion.Domain.Cases;
using Atencion.Domain.Surveys;
using Atencion.CaseService.Tests.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Surveys;

/// <summary>Surveys offered at closing: always on virtual channels (with the email), sampled in person; one answer within 30 days.</summary>
public sealed class SurveyTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string Tenant = Api.Tenjo;

    private Task<JsonElement> CloseAnswered(string channel) => f.GivenClosedAsAnswered(Tenant, channel);

    private static object Answers(int courtesy = 5) => new { courtesy, quality = 4, timeliness = 3, competence = 5, needMet = true, comment = "Muy amables." };

    [Fact]
    public async Task An_email_case_closed_as_answered_offers_the_survey_by_email_and_takes_one_answer()
    {
        var closed = await CloseAnswered("email");
        var token = closed.GetProperty("surveyToken").GetString()!;
        Assert.StartsWith("http://186.28.255.236/encuesta/?token=", closed.GetProperty("surveyLink").GetString());
        var caseId = closed.GetProperty("id").GetGuid();
        var events = await f.Host.Services.GetRequiredService<EventStore.Marten.Store.MartenEventStore>().ReadStreamAsync(new EventStore.TenantId(Tenant), caseId);
        var requested = events.Select(e => e.Data).OfType<SurveyRequested>().Single();
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token))), requested.TokenHash);
        Assert.DoesNotContain(token, JsonSerializer.Serialize(requested));
        Assert.Equal("asesora", requested.StaffMember);
        var email = events.Select(e => e.Data).OfType<EmailQueued>().Single();
        Assert.Equal(EmailKind.Survey, email.Kind);
        Assert.Equal(["luz@example.com"], email.To);
        Assert.Contains(closed.GetProperty("surveyLink").GetString()!, email.Body);
        Assert.Equal(f.Host.Services.GetRequiredService<ReplyAddress>().For(Tenant, caseId), email.ReplyTo);

        var body = (await f.ReadSurvey(Tenant, token, x => x.StatusCodeShouldBeOk())).Json();
        Assert.Equal(["courtesy", "quality", "timeliness", "competence", "needMet", "comment"],
            body.GetProperty("questions").EnumerateArray().Select(q => q.GetProperty("field").GetString()!));
        Assert.Contains("amabilidad", body.GetProperty("questions")[0].GetProperty("text").GetString());
        Assert.Equal(["questions", "expiresAt"], body.EnumerateObject().Select(p => p.Name));

        await f.AnswerSurvey(Tenant, token, Answers(), x => x.StatusCodeShouldBeOk());
        var answered = (await f.Host.Services.GetRequiredService<EventStore.Marten.Store.MartenEventStore>().ReadStreamAsync(new EventStore.TenantId(Tenant), caseId))
            .Select(e => e.Data).OfType<SurveyAnswered>().Single();
        Assert.Equal(new SurveyAnswered(requested.SurveyId, 5, 4, 3, 5, true, "Muy amables."), answered);

        var before = await f.Db.CountEventsAsync();
        await f.AnswerSurvey(Tenant, token, Answers(1), x => x.ProblemShouldBe(HttpStatusCode.Conflict));
        await f.ReadSurvey(Tenant, token, x => x.ProblemShouldBe(HttpStatusCode.Conflict));
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task In_person_closings_follow_the_reproducible_sample()
    {
        var seed = f.Host.Services.GetRequiredService<CaseService.Surveys.SurveyOffers>().Seed;
        var offered = 0;
        for (var i = 0; i < 12; i++)
        {
            var closed = await CloseAnswered("in-person");
            var expected = SurveySampling.Offer(Channel.InPerson, closed.GetProperty("id").GetGuid(), 0.10m, seed);
            Assert.Equal(expected, closed.GetProperty("surveyToken").ValueKind == JsonValueKind.String);
            if (expected) offered++;
        }
        Assert.True(offered < 12, "in person is sampled, not always surveyed");
    }

    [Fact]
    public async Task A_token_expires_after_thirty_days_with_410_and_an_unknown_one_is_404()
    {
        var token = (await CloseAnswered("web")).GetProperty("surveyToken").GetString()!;
        f.Time.Advance(TimeSpan.FromDays(30));
        var before = await f.Db.CountEventsAsync();
        await f.ReadSurvey(Tenant, token, x => x.ProblemShouldBe(HttpStatusCode.Gone));
        await f.AnswerSurvey(Tenant, token, Answers(), x => x.ProblemShouldBe(HttpStatusCode.Gone));
        var unknown = await f.ReadSurvey(Tenant, "no-such-token", x => x.ProblemShouldBe(HttpStatusCode.NotFound));
        Assert.Equal("There is no such survey.", unknown.Detail());
        await f.AnswerSurvey(Tenant, "no-such-token", Answers(), x => x.ProblemShouldBe(HttpStatusCode.NotFound));
        // Another entity's route does not know the token.
        await f.ReadSurvey(Api.Flori, token, x => x.ProblemShouldBe(HttpStatusCode.NotFound));
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    public static TheoryData<string, string> BadAnswers => new()
    {
        { """{"quality":4,"timeliness":3,"competence":5,"needMet":true}""", "courtesy" },
        { """{"courtesy":6,"quality":4,"timeliness":3,"competence":5,"needMet":true}""", "courtesy" },
        { """{"courtesy":5,"quality":0,"timeliness":3,"competence":5,"needMet":true}""", "quality" },
        { """{"courtesy":5,"quality":4,"timeliness":3,"competence":5}""", "needMet" },
        { """{"courtesy":5,"quality":4,"timeliness":"tres","competence":5,"needMet":true}""", "timeliness" },
        { $$"""{"courtesy":5,"quality":4,"timeliness":3,"competence":5,"needMet":true,"comment":"{{new string('x', 1001)}}"}""", "comment" },
    };

    [Theory]
    [MemberData(nameof(BadAnswers))]
    public async Task Bad_answers_are_a_400_problem_naming_the_field_and_record_nothing(string json, string field)
    {
        var token = (await CloseAnswered("web")).GetProperty("surveyToken").GetString()!;
        var before = await f.Db.CountEventsAsync();
        var problem = (await f.AnswerSurvey(Tenant, token, json, x => x.ProblemShouldBe(HttpStatusCode.BadRequest))).Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await f.Db.CountEventsAsync());
        await f.ReadSurvey(Tenant, token, x => x.StatusCodeShouldBeOk());
    }

    [Fact]
    public async Task Closing_for_another_reason_offers_no_survey()
    {
        var advisor = f.As(Tenant, "advisor");
        var id = await advisor.CreateCase(Tenant, Api.NewCase("web"));
        var closed = (await advisor.Command(id, "close", new { reason = "duplicate" }, Tenant)).Json();
        Assert.Equal(JsonValueKind.Null, closed.GetProperty("surveyToken").ValueKind);
    }
}
