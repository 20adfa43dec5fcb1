using System.Net;
using Atencion.CaseService.Tests.Lifecycle;

namespace Atencion.CaseService.Tests.Cases;

public sealed class OpenCaseTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string Cases = $"/api/{Api.Flori}/cases";

    [Fact]
    public async Task A_phone_contact_becomes_a_case_that_reads_back_with_its_citizen()
    {
        var advisor = f.As(Api.Flori, "advisor", "ana");
        var created = await advisor.Scenario(x =>
        {
            x.Post.Json(Api.NewCase()).ToUrl(Cases);
            x.StatusCodeShouldBe(HttpStatusCode.Created);
        });

        var body = created.Json();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal(2, body.GetProperty("version").GetInt64());
        Assert.Equal($"/api/{Api.Flori}/cases/{id}", created.Header("Location"));

        var read = await advisor.Scenario(x =>
        {
            x.Get.Url(created.Header("Location"));
            x.StatusCodeShouldBe(HttpStatusCode.OK);
        });
        var view = read.Json();
        Assert.Equal(2, read.ETag());
        Assert.Equal(id, view.GetProperty("id").GetGuid());
        Assert.Equal(Api.Flori, view.GetProperty("tenant").GetString());
        Assert.Equal("open", view.GetProperty("status").GetString());
        Assert.Equal("phone", view.GetProperty("channel").GetString());
        Assert.Equal("Derecho de petición", view.GetProperty("subject").GetString());
        Assert.Equal("Luz Marina Rueda", view.GetProperty("citizen").GetProperty("name").GetString());
        Assert.Equal("cc", view.GetProperty("citizen").GetProperty("idType").GetString());
        Assert.Equal(f.Time.GetUtcNow(), view.GetProperty("openedAt").GetDateTimeOffset());
        Assert.Equal("ana", view.GetProperty("openedBy").GetString());
        Assert.Equal(2, view.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_contact_received_earlier_keeps_its_reception_instant()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var letter = f.Time.GetUtcNow().AddDays(-3);
        var id = await advisor.CreateCase(body: new { channel = "in-person", subject = "Carta", text = "Radicada en ventanilla", receivedAt = letter });

        var view = await advisor.View(id);
        Assert.Equal(letter, view.GetProperty("receivedAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKindNull, view.GetProperty("citizen").ValueKind);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "malformed JSON", """{"channel":"phone",""", "" },
        { "not an object", "[1,2,3]", "" },
        { "missing channel", """{"subject":"a","text":"b"}""", "channel" },
        { "unknown channel", """{"channel":"fax","subject":"a","text":"b"}""", "channel" },
        { "numeric channel", """{"channel":1,"subject":"a","text":"b"}""", "channel" },
        { "missing subject", """{"channel":"phone","text":"b"}""", "subject" },
        { "blank text", """{"channel":"phone","subject":"a","text":"   "}""", "text" },
        { "oversized text", $$"""{"channel":"phone","subject":"a","text":"{{new string('x', 20_001)}}"}""", "text" },
        { "oversized subject", $$"""{"channel":"phone","subject":"{{new string('x', 301)}}","text":"b"}""", "subject" },
        { "control characters", """{"channel":"phone","subject":"a\u0007b","text":"b"}""", "subject" },
        { "invalid email", """{"channel":"phone","subject":"a","text":"b","citizen":{"email":"luz@@example"}}""", "citizen.email" },
        { "unknown id type", """{"channel":"phone","subject":"a","text":"b","citizen":{"idType":"dni","idNumber":"1"}}""", "citizen.idType" },
        { "id number without type", """{"channel":"phone","subject":"a","text":"b","citizen":{"idNumber":"123"}}""", "citizen.idType" },
        { "letters in phone", """{"channel":"phone","subject":"a","text":"b","citizen":{"phone":"call me"}}""", "citizen.phone" },
        { "future reception", """{"channel":"phone","subject":"a","text":"b","receivedAt":"2030-01-01T00:00:00Z"}""", "receivedAt" },
        { "reception in year 1", """{"channel":"phone","subject":"a","text":"b","receivedAt":"0001-01-01T00:00:00Z"}""", "receivedAt" },
        { "malformed reception", """{"channel":"phone","subject":"a","text":"b","receivedAt":"yesterday"}""", "receivedAt" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_is_a_400_problem_naming_the_field_and_appends_nothing(string why, string json, string field)
    {
        var before = await f.Db.CountEventsAsync();
        var response = await f.As(Api.Flori, "advisor").Scenario(x =>
        {
            x.Post.RawJson(json).ToUrl(Cases);
            x.ProblemShouldBe(HttpStatusCode.BadRequest);
        });

        var problem = response.Json();
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), why);
        if (field.Length > 0) Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{why}: no error for {field} in {problem}");
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task An_unknown_channel_lists_the_allowed_ones()
    {
        var response = await f.As(Api.Flori, "advisor").Scenario(x =>
        {
            x.Post.RawJson("""{"channel":"fax","subject":"a","text":"b"}""").ToUrl(Cases);
            x.ProblemShouldBe(HttpStatusCode.BadRequest);
        });
        Assert.Contains("phone, in-person, email, web, chat", response.Detail());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_problem()
    {
        var before = await f.Db.CountEventsAsync();
        await f.As(Api.Flori, "advisor").Scenario(x =>
        {
            x.Post.Text("channel=phone").ToUrl(Cases).ContentType("application/x-www-form-urlencoded; charset=utf-8");
            x.ProblemShouldBe(HttpStatusCode.UnsupportedMediaType);
        });
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task Without_a_token_it_is_a_401_problem()
    {
        var before = await f.Db.CountEventsAsync();
        await f.Anonymous().Scenario(x =>
        {
            x.Post.Json(Api.NewCase()).ToUrl(Cases);
            x.ProblemShouldBe(HttpStatusCode.Unauthorized);
        });
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_a_401_problem()
    {
        var forged = new Auth.TokenIssuer(new Auth.TokenSettings("atencion", "atencion",
            new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(new byte[48])), TimeProvider.System).Issue(Api.Flori, "admin", "mallory");
        await f.Bearer(forged).Scenario(x =>
        {
            x.Post.Json(Api.NewCase()).ToUrl(Cases);
            x.ProblemShouldBe(HttpStatusCode.Unauthorized);
        });
    }

    [Theory]
    [InlineData("auditor")]
    [InlineData("control")]
    [InlineData("admin")]
    public async Task Roles_that_do_not_work_cases_get_a_403_problem(string role)
    {
        var before = await f.Db.CountEventsAsync();
        await f.As(Api.Flori, role).Scenario(x =>
        {
            x.Post.Json(Api.NewCase()).ToUrl(Cases);
            x.ProblemShouldBe(HttpStatusCode.Forbidden);
        });
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Theory]
    [InlineData("advisor")]
    [InlineData("specialist")]
    [InlineData("supervisor")]
    public async Task Staff_who_work_cases_may_register_contacts(string role) =>
        await f.As(Api.Tenjo, role).CreateCase(Api.Tenjo);

    [Fact]
    public async Task A_token_of_another_entity_is_a_404_problem_revealing_nothing()
    {
        var before = await f.Db.CountEventsAsync();
        var problem = (await f.As(Api.Tenjo, "advisor").Scenario(x =>
        {
            x.Post.Json(Api.NewCase()).ToUrl(Cases);
            x.ProblemShouldBe(HttpStatusCode.NotFound);
        })).Json();
        var unknown = (await f.As("no-such-entity", "advisor").Scenario(x =>
        {
            x.Post.Json(Api.NewCase()).ToUrl("/api/no-such-entity/cases");
            x.ProblemShouldBe(HttpStatusCode.NotFound);
        })).Json();
        Assert.Equal(unknown.GetProperty("title").GetString(), problem.GetProperty("title").GetString());
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }
}
