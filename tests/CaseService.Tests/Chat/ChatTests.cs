using System.Net;
using System.Net.Http.Headers;
using Atencion.CaseService.Tests.Staff;

namespace Atencion.CaseService.Tests.Chat;

/// <summary>A live chat at Floridablanca (Monday 09:00, within 08:30–09:30): start, messages both ways, the token's scope.</summary>
[Collection(ChatCollection.Name)]
public sealed class ChatTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task A_live_chat_is_assigned_by_load_and_greets_the_citizen_with_the_entitys_scripts()
    {
        var started = await f.GivenLiveChat(Api.Flori, "asesora");
        Assert.Equal(JsonValueKindNull, started.Body.GetProperty("nextOpening").ValueKind);
        var chat = await f.Citizen(started.Token).ReadChat(Api.Flori, started.CaseId);
        Assert.Equal("live", chat.GetProperty("status").GetString());
        Assert.Equal(
            ["Bienvenido(a) al chat de la Personería de Floridablanca. Cordialmente le saludamos.", "¿En qué le puedo ayudar?", "¿Cómo presento una queja?"],
            chat.Texts());
        var froms = chat.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("from").GetString()!).ToArray();
        Assert.Equal(["system", "system", "citizen"], froms);
        Assert.Equal("asesora", await f.AssigneeOf(Api.Flori, started.CaseId));

        var view = await f.As(Api.Flori, "supervisor", "jefa").CaseView(Api.Flori, started.CaseId);
        Assert.Equal("chat", view.GetProperty("channel").GetString());
        Assert.Equal("luz@example.com", view.GetProperty("citizen").GetProperty("email").GetString());
        Assert.Equal(3, view.GetProperty("chat").GetProperty("messages").GetArrayLength());
    }

    private static readonly System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Theory]
    [InlineData("""{"email":"luz@example.com","dataProcessingConsent":true}""", "name")]
    [InlineData("""{"name":"Luz","dataProcessingConsent":true}""", "email")]
    [InlineData("""{"name":"Luz","email":"no-es-correo","dataProcessingConsent":true}""", "email")]
    [InlineData("""{"name":"Luz","email":"luz@example.com","dataProcessingConsent":false}""", "dataProcessingConsent")]
    [InlineData("""{"name":"Luz","email":"luz@example.com"}""", "dataProcessingConsent")]
    [InlineData("""{"name":"Luz\u0007","email":"luz@example.com","dataProcessingConsent":true}""", "name")]
    public async Task A_bad_start_form_is_a_problem_naming_the_field_and_opens_nothing(string json, string field)
    {
        var before = await f.Db.CountEventsAsync();
        var problem = (await f.Anonymous().Scenario(x =>
        {
            x.Post.RawJson(json).ToUrl($"/api/{Api.Flori}/chats");
            x.ProblemShouldBe(HttpStatusCode.BadRequest);
        })).Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task Citizen_and_advisor_talk_and_read_only_what_is_new()
    {
        var started = await f.GivenLiveChat(Api.Flori, "asesora");
        var citizen = f.Citizen(started.Token);
        var advisor = f.As(Api.Flori, "advisor", "asesora");
        var first = (await citizen.Say(Api.Flori, started.CaseId, "  Me llamo Luz.\nGracias  ")).Json();
        await advisor.Say(Api.Flori, started.CaseId, "Con gusto, Luz.", expect: x => x.StatusCodeShouldBe(HttpStatusCode.Created));

        var after = await citizen.ReadChat(Api.Flori, started.CaseId, first.GetProperty("messageId").GetGuid());
        var only = Assert.Single(after.GetProperty("messages").EnumerateArray());
        Assert.Equal("Con gusto, Luz.", only.GetProperty("text").GetString());
        Assert.Equal("advisor", only.GetProperty("from").GetString());
        Assert.Equal("asesora", only.GetProperty("author").GetString());
        var all = await advisor.ReadChat(Api.Flori, started.CaseId);
        Assert.Contains("Me llamo Luz.\nGracias", all.Texts());
        Assert.Equal("Luz Marina Rueda", all.GetProperty("messages")[3].GetProperty("author").GetString());
    }

    [Theory]
    [InlineData("""{"text":""}""")]
    [InlineData("""{"text":"   "}""")]
    [InlineData("""{}""")]
    [InlineData("""{"text":"hola\u0000"}""")]
    [InlineData("""{"text":"\u001b[31m"}""")]
    public async Task A_bad_message_is_refused_and_nothing_is_appended(string json)
    {
        var started = await f.GivenLiveChat(Api.Flori, "asesora");
        var before = await f.Db.CountEventsAsync();
        var problem = (await f.Citizen(started.Token).PostRawToChat(Api.Flori, started.CaseId, "messages", json,
            x => x.ProblemShouldBe(HttpStatusCode.BadRequest))).Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty("text", out _));
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task A_message_longer_than_4000_characters_is_refused_and_one_of_4000_is_kept()
    {
        var started = await f.GivenLiveChat(Api.Flori, "asesora");
        var citizen = f.Citizen(started.Token);
        var before = await f.Db.CountEventsAsync();
        await citizen.Say(Api.Flori, started.CaseId, new string('a', 4001), expect: x => x.ProblemShouldBe(HttpStatusCode.BadRequest));
        Assert.Equal(before, await f.Db.CountEventsAsync());
        await citizen.Say(Api.Flori, started.CaseId, new string('a', 4000) + "  ", expect: x => x.StatusCodeShouldBe(HttpStatusCode.Created));
    }

    [Fact]
    public async Task Html_is_kept_as_plain_text()
    {
        var started = await f.GivenLiveChat(Api.Flori, "asesora");
        await f.Citizen(started.Token).Say(Api.Flori, started.CaseId, "<script>alert(1)</script>");
        var response = await f.Citizen(started.Token).ReadChatAnswer(Api.Flori, started.CaseId, x => x.StatusCodeShouldBeSuccess());
        Assert.Equal("application/json", response.Context.Response.ContentType is { } type ? MediaTypeHeaderValue.Parse(type).MediaType : null);
        Assert.Contains("<script>alert(1)</script>", (await f.Citizen(started.Token).ReadChat(Api.Flori, started.CaseId)).Texts());
    }

    [Fact]
    public async Task A_chat_token_opens_only_its_own_chat()
    {
        var a = await f.GivenLiveChat(Api.Flori, "asesora");
        var b = await f.GivenLiveChat(Api.Flori, "asesora");
        var tenjo = await f.GivenLiveChat(Api.Tenjo, "asesora");
        var citizenA = f.Citizen(a.Token);
        var before = await f.Db.CountEventsAsync();

        await citizenA.Say(Api.Flori, b.CaseId, "hola", expect: x => x.ProblemShouldBe(HttpStatusCode.NotFound));
        await citizenA.ReadChatAnswer(Api.Flori, b.CaseId, x => x.ProblemShouldBe(HttpStatusCode.NotFound));
        await citizenA.Say(Api.Tenjo, tenjo.CaseId, "hola", expect: x => x.ProblemShouldBe(HttpStatusCode.NotFound));
        await citizenA.PostToChat(Api.Flori, b.CaseId, "close", new { reason = "citizen" }, x => x.ProblemShouldBe(HttpStatusCode.NotFound));
        // Staff routes refuse it, even on its own case.
        await citizenA.Scenario(x => { x.Get.Url($"/api/{Api.Flori}/cases/{a.CaseId}"); x.ProblemShouldBe(HttpStatusCode.Forbidden); });
        await citizenA.Scenario(x => { x.Get.Url($"/api/{Api.Flori}/cases"); x.ProblemShouldBe(HttpStatusCode.Forbidden); });
        await citizenA.Scenario(x => { x.Post.Json(new { text = "x" }).ToUrl($"/api/{Api.Flori}/cases/{a.CaseId}/notes"); x.ProblemShouldBe(HttpStatusCode.Forbidden); });
        await citizenA.Scenario(x => { x.Post.Json(Api.NewCase()).ToUrl($"/api/{Api.Flori}/cases"); x.ProblemShouldBe(HttpStatusCode.Forbidden); });
        await citizenA.PostToChat(Api.Flori, a.CaseId, "conduct-warning", null, x => x.ProblemShouldBe(HttpStatusCode.Forbidden));
        await citizenA.Scenario(x => { x.Put.Json(new { present = true }).ToUrl($"/api/{Api.Flori}/staff/me/presence"); x.ProblemShouldBe(HttpStatusCode.Forbidden); });
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Theory]
    [InlineData("auditor")]
    [InlineData("control")]
    [InlineData("admin")]
    public async Task Roles_that_do_not_work_cases_may_not_chat(string role)
    {
        var started = await f.GivenLiveChat(Api.Flori, "asesora");
        var before = await f.Db.CountEventsAsync();
        await f.As(Api.Flori, role).Say(Api.Flori, started.CaseId, "hola", expect: x => x.ProblemShouldBe(HttpStatusCode.Forbidden));
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task Without_a_token_messages_are_refused()
    {
        var started = await f.GivenLiveChat(Api.Flori, "asesora");
        await f.Anonymous().Say(Api.Flori, started.CaseId, "hola", expect: x => x.StatusCodeShouldBe(HttpStatusCode.Unauthorized));
        await f.Anonymous().ReadChatAnswer(Api.Flori, started.CaseId, x => x.StatusCodeShouldBe(HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task A_case_that_is_not_a_chat_has_no_messages()
    {
        var advisor = f.As(Api.Flori, "advisor", "asesora");
        var id = await advisor.CreateCase();
        var before = await f.Db.CountEventsAsync();
        await advisor.Say(Api.Flori, id, "hola", expect: x => x.ProblemShouldBe(HttpStatusCode.NotFound));
        await advisor.ReadChatAnswer(Api.Flori, id, x => x.ProblemShouldBe(HttpStatusCode.NotFound));
        await advisor.Say(Api.Flori, Guid.NewGuid(), "hola", expect: x => x.ProblemShouldBe(HttpStatusCode.NotFound));
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task Two_hundred_messages_from_ten_concurrent_senders_are_all_kept_once()
    {
        var started = await f.GivenLiveChat(Api.Flori, "asesora");
        var senders = Enumerable.Range(0, 10)
            .Select(i => i % 2 == 0 ? f.Citizen(started.Token) : f.As(Api.Flori, "advisor", $"asesor{i}"))
            .ToArray();
        await Task.WhenAll(senders.Select((client, i) => Task.Run(async () =>
        {
            for (var n = 0; n < 20; n++)
            {
                // Alba's failure message carries the answer's body, as the old assertion's did.
                await client.Say(Api.Flori, started.CaseId, $"s{i}-m{n}", expect: x => x.StatusCodeShouldBe(HttpStatusCode.Created));
            }
        })));
        var texts = (await f.As(Api.Flori, "supervisor", "jefa").ReadChat(Api.Flori, started.CaseId)).Texts();
        var sent = texts.Where(t => t.StartsWith('s') && t.Contains("-m")).ToArray();
        Assert.Equal(200, sent.Length);
        Assert.Equal(200, sent.Distinct().Count());
        // Each sender's messages keep their order.
        for (var i = 0; i < 10; i++)
            Assert.Equal(Enumerable.Range(0, 20).Select(n => $"s{i}-m{n}"), sent.Where(t => t.StartsWith($"s{i}-")));
    }

    [Fact]
    public async Task The_case_view_at_an_earlier_version_shows_the_chat_as_it_was()
    {
        var started = await f.GivenLiveChat(Api.Flori, "asesora");
        var supervisor = f.As(Api.Flori, "supervisor", "jefa");
        var now = await supervisor.CaseView(Api.Flori, started.CaseId);
        var version = now.GetProperty("version").GetInt64();
        await f.As(Api.Flori, "advisor", "asesora").Verb(Api.Flori, started.CaseId, "close", new { reason = "citizen" });

        var then = await supervisor.CaseView(Api.Flori, started.CaseId, version);
        Assert.Equal("live", then.GetProperty("chat").GetProperty("status").GetString());
        Assert.Equal(3, then.GetProperty("chat").GetProperty("messages").GetArrayLength());
        var current = await supervisor.CaseView(Api.Flori, started.CaseId);
        Assert.Equal("closed", current.GetProperty("chat").GetProperty("status").GetString());
    }
}
