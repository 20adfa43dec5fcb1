using System.Net;

namespace Atencion.CaseService.Tests.Http;

/// <summary>
/// docs/api.md, "Versions": If-Match is evaluated as RFC 9110 §13.1.1 says. Only a strong entity tag equal, character for
/// character, to the current ETag (or <c>*</c>, or a list with such a member) lets a command through; any other well-formed
/// entity tag is a 412; a header that is not an entity tag list is a 400 naming If-Match. Refused commands append nothing.
/// </summary>
public sealed class IfMatchTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    /// <summary>Scenario step: a note on the case, sent with this If-Match header as it is.</summary>
    private static void Note(Scenario x, Guid id, string ifMatch)
    {
        x.Post.RawJson("""{"text":"Se devolvió la llamada."}""").ToUrl($"/api/{Api.Flori}/cases/{id}/notes");
        x.WithRequestHeader("If-Match", ifMatch);
    }

    /// <summary>Given a case at version 2 (ETag "2"), and the advisor who opened it.</summary>
    private async Task<(Caller Advisor, Guid Id)> GivenACaseAtVersion2()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        Assert.Equal(2, (await advisor.Scenario(x => x.Get.Url($"/api/{Api.Flori}/cases/{id}"))).ETag());
        return (advisor, id);
    }

    [Theory]
    [InlineData("\"2\"")]
    [InlineData("*")]
    [InlineData("\"1\", \"2\"")]
    [InlineData("\"2\",\"7\"")]
    [InlineData("W/\"2\", \"2\"")]
    public async Task The_current_etag_or_a_star_or_a_list_holding_it_lets_the_command_through(string ifMatch)
    {
        var (advisor, id) = await GivenACaseAtVersion2();

        var response = await advisor.Scenario(x =>
        {
            Note(x, id, ifMatch);
            x.StatusCodeShouldBe(HttpStatusCode.Created);
        });

        Assert.Equal(3, response.ETag());
    }

    [Theory]
    [InlineData("W/\"2\"")]
    [InlineData("\"02\"")]
    [InlineData("\"+2\"")]
    [InlineData("\"2.0\"")]
    [InlineData("\"dos\"")]
    [InlineData("\"0\"")]
    [InlineData("\"\"")]
    [InlineData("\"1\", W/\"2\"")]
    public async Task A_well_formed_entity_tag_that_is_not_the_current_one_is_a_412_problem_and_appends_nothing(string ifMatch)
    {
        var (advisor, id) = await GivenACaseAtVersion2();
        var before = await f.Db.CountEventsAsync();

        var problem = (await advisor.Scenario(x =>
        {
            Note(x, id, ifMatch);
            x.ProblemShouldBe(HttpStatusCode.PreconditionFailed);
        })).Json();

        Assert.Equal(2, problem.GetProperty("currentVersion").GetInt64());
        Assert.Contains("If-Match", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Theory]
    [InlineData("2")]
    [InlineData("+2")]
    [InlineData("\"2")]
    [InlineData("\"2\"x")]
    [InlineData("\"2\" \"3\"")]
    [InlineData("*, \"2\"")]
    [InlineData("**")]
    [InlineData("W/2")]
    [InlineData("\" 2\"")]
    public async Task A_header_that_is_not_an_entity_tag_list_is_a_400_problem_naming_if_match_and_appends_nothing(string ifMatch)
    {
        var (advisor, id) = await GivenACaseAtVersion2();
        var before = await f.Db.CountEventsAsync();

        var problem = (await advisor.Scenario(x =>
        {
            Note(x, id, ifMatch);
            x.ProblemShouldBe(HttpStatusCode.BadRequest);
        })).Json();

        Assert.True(problem.GetProperty("errors").TryGetProperty("If-Match", out _), problem.ToString());
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task A_weak_etag_on_the_settings_is_a_412_problem_and_changes_nothing()
    {
        var admin = f.As(Api.Tenjo, "admin");
        var read = await admin.Scenario(x => x.Get.Url($"/api/{Api.Tenjo}/settings"));
        var settings = System.Text.Json.Nodes.JsonNode.Parse(read.ReadAsText())!["settings"]!.AsObject();
        settings["localNonWorkingDays"] = new System.Text.Json.Nodes.JsonArray("2026-12-24");
        var before = await f.Db.CountEventsAsync();

        await admin.Scenario(x =>
        {
            x.Put.RawJson(settings.ToJsonString()).ToUrl($"/api/{Api.Tenjo}/settings");
            x.WithRequestHeader("If-Match", $"W/\"{read.ETag()}\"");
            x.ProblemShouldBe(HttpStatusCode.PreconditionFailed);
        });

        Assert.Equal(before, await f.Db.CountEventsAsync());
    }
}
