using System.Net;
using Atencion.CaseService.Tests.Lifecycle;

namespace Atencion.CaseService.Tests.Cases;

public sealed class NotesTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task A_note_is_added_with_its_author_and_the_next_version()
    {
        var advisor = f.As(Api.Flori, "specialist", "pedro");
        var id = await advisor.CreateCase();
        var response = await advisor.PostNote(id, """{"text":"  Se llamó al ciudadano  "}""", "\"2\"", x => x.StatusCodeShouldBe(HttpStatusCode.Created));

        Assert.Equal(3, response.Json().GetProperty("version").GetInt64());
        Assert.Equal(3, response.ETag());
        var note = (await advisor.View(id)).GetProperty("notes")[0];
        Assert.Equal("Se llamó al ciudadano", note.GetProperty("text").GetString());
        Assert.Equal("pedro", note.GetProperty("author").GetString());
    }

    [Fact]
    public async Task A_stale_if_match_is_a_412_problem_and_appends_nothing()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        await advisor.PostNote(id, """{"text":"first"}""", "\"2\"", x => x.StatusCodeShouldBeSuccess());
        var before = await f.Db.CountEventsAsync();

        var problem = (await advisor.PostNote(id, """{"text":"based on an old read"}""", "\"2\"", x => x.ProblemShouldBe(HttpStatusCode.PreconditionFailed))).Json();

        Assert.Equal(3, problem.GetProperty("currentVersion").GetInt64());
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Theory]
    [InlineData("""{"text":""}""", "\"2\"", HttpStatusCode.BadRequest)]
    [InlineData("""{}""", null, HttpStatusCode.BadRequest)]
    [InlineData("""{"text":"ok"}""", "two", HttpStatusCode.BadRequest)]
    [InlineData("""{"text":"ok"}""", "\"two\"", HttpStatusCode.PreconditionFailed)]
    [InlineData("""{"text":"ok"}""", "\"0\"", HttpStatusCode.PreconditionFailed)]
    [InlineData("""{"text":5}""", null, HttpStatusCode.BadRequest)]
    [InlineData("""{"text":"ok""", null, HttpStatusCode.BadRequest)]
    public async Task Bad_notes_are_problems_and_append_nothing(string json, string? ifMatch, HttpStatusCode status)
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        var before = await f.Db.CountEventsAsync();
        await advisor.PostNote(id, json, ifMatch, x => x.ProblemShouldBe(status));
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task A_note_on_an_unknown_case_is_a_404_problem() =>
        await f.As(Api.Flori, "advisor").PostNote(Guid.NewGuid(), """{"text":"x"}""", null, x => x.ProblemShouldBe(HttpStatusCode.NotFound));

    [Theory]
    [InlineData("auditor")]
    [InlineData("control")]
    public async Task Readers_cannot_add_notes(string role)
    {
        var id = await f.As(Api.Flori, "advisor").CreateCase();
        await f.As(Api.Flori, role).PostNote(id, """{"text":"x"}""", null, x => x.ProblemShouldBe(HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task Notes_written_at_once_without_if_match_are_all_kept()
    {
        var id = await f.As(Api.Flori, "advisor").CreateCase();
        // Every writer's status is collected and compared afterwards, as the requests race.
        var writers = Enumerable.Range(0, 20).Select(i => f.As(Api.Flori, "advisor", $"user{i % 4}").Scenario(x =>
        {
            x.Post.Json(new { text = $"nota {i}" }).ToUrl(CaseScenarios.NotesUrl(id));
            x.IgnoreStatusCode();
        }));
        var responses = await Task.WhenAll(writers);

        Assert.All(responses, r => Assert.Equal((int)HttpStatusCode.Created, r.Status()));
        var notes = (await f.As(Api.Flori, "advisor").View(id)).GetProperty("notes");
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"nota {i}").Order(), notes.EnumerateArray().Select(n => n.GetProperty("text").GetString()!).Order());
    }
}
