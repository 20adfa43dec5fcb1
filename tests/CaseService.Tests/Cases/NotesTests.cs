using System.Net;
using System.Net.Http.Json;

namespace Atencion.CaseService.Tests.Cases;

public sealed class NotesTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private static string Notes(Guid id) => $"/api/{Api.Flori}/cases/{id}/notes";

    private static HttpRequestMessage Note(Guid id, string json, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Notes(id)) { Content = Api.Raw(json) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch); // sent as written, malformed or not
        return request;
    }

    [Fact]
    public async Task A_note_is_added_with_its_author_and_the_next_version()
    {
        var advisor = f.As(Api.Flori, "specialist", "pedro");
        var id = await advisor.CreateCase();
        var response = await advisor.SendAsync(Note(id, """{"text":"  Se llamó al ciudadano  "}""", "\"2\""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(3, (await response.Body()).GetProperty("version").GetInt64());
        Assert.Equal(3, response.ETag());
        var note = (await (await advisor.GetAsync($"/api/{Api.Flori}/cases/{id}")).Body()).GetProperty("notes")[0];
        Assert.Equal("Se llamó al ciudadano", note.GetProperty("text").GetString());
        Assert.Equal("pedro", note.GetProperty("author").GetString());
    }

    [Fact]
    public async Task A_stale_if_match_is_a_412_problem_and_appends_nothing()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        (await advisor.SendAsync(Note(id, """{"text":"first"}""", "\"2\""))).EnsureSuccessStatusCode();
        var before = await f.Db.CountEventsAsync();

        var problem = await (await advisor.SendAsync(Note(id, """{"text":"based on an old read"}""", "\"2\""))).AssertProblem(HttpStatusCode.PreconditionFailed);

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
        await (await advisor.SendAsync(Note(id, json, ifMatch))).AssertProblem(status);
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task A_note_on_an_unknown_case_is_a_404_problem() =>
        await (await f.As(Api.Flori, "advisor").SendAsync(Note(Guid.NewGuid(), """{"text":"x"}""", null))).AssertProblem(HttpStatusCode.NotFound);

    [Theory]
    [InlineData("auditor")]
    [InlineData("control")]
    public async Task Readers_cannot_add_notes(string role)
    {
        var id = await f.As(Api.Flori, "advisor").CreateCase();
        await (await f.As(Api.Flori, role).SendAsync(Note(id, """{"text":"x"}""", null))).AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Notes_written_at_once_without_if_match_are_all_kept()
    {
        var id = await f.As(Api.Flori, "advisor").CreateCase();
        var writers = Enumerable.Range(0, 20).Select(i =>
            f.As(Api.Flori, "advisor", $"user{i % 4}").PostAsJsonAsync(Notes(id), new { text = $"nota {i}" }));
        var responses = await Task.WhenAll(writers);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var notes = (await (await f.As(Api.Flori, "advisor").GetAsync($"/api/{Api.Flori}/cases/{id}")).Body()).GetProperty("notes");
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"nota {i}").Order(), notes.EnumerateArray().Select(n => n.GetProperty("text").GetString()!).Order());
    }
}
