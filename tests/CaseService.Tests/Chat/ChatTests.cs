using System.Net;
using System.Net.Http.Json;
using Atencion.CaseService.Tests.Staff;

namespace Atencion.CaseService.Tests.Chat;

/// <summary>A live chat at Floridablanca (Monday 09:00, within 08:30–09:30): start, messages both ways, the token's scope.</summary>
[Collection(ChatCollection.Name)]
public sealed class ChatTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private async Task<ChatApi.Started> LiveChat(string tenant = Api.Flori, object? form = null)
    {
        await f.MarkPresent(tenant, "asesora");
        var started = await f.StartChat(tenant, form);
        Assert.Equal("live", started.Mode);
        return started;
    }

    [Fact]
    public async Task A_live_chat_is_assigned_by_load_and_greets_the_citizen_with_the_entitys_scripts()
    {
        var started = await LiveChat();
        Assert.Equal(JsonValueKindNull, started.Body.GetProperty("nextOpening").ValueKind);
        var chat = await f.Citizen(started.Token).ReadChat(Api.Flori, started.CaseId);
        Assert.Equal("live", chat.GetProperty("status").GetString());
        Assert.Equal(
            ["Bienvenido(a) al chat de la Personería de Floridablanca. Cordialmente le saludamos.", "¿En qué le puedo ayudar?", "¿Cómo presento una queja?"],
            chat.Texts());
        var froms = chat.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("from").GetString()!).ToArray();
        Assert.Equal(["system", "system", "citizen"], froms);
        Assert.Equal("asesora", await f.AssigneeOf(Api.Flori, started.CaseId));

        var view = await (await f.As(Api.Flori, "supervisor", "jefa").GetAsync($"/api/{Api.Flori}/cases/{started.CaseId}")).Body();
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
        var problem = await (await f.Anonymous().PostAsync($"/api/{Api.Flori}/chats", Api.Raw(json))).AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task Citizen_and_advisor_talk_and_read_only_what_is_new()
    {
        var started = await LiveChat();
        var citizen = f.Citizen(started.Token);
        var advisor = f.As(Api.Flori, "advisor", "asesora");
        var first = await (await citizen.Say(Api.Flori, started.CaseId, "  Me llamo Luz.\nGracias  ")).Body();
        Assert.Equal(HttpStatusCode.Created, (await advisor.Say(Api.Flori, started.CaseId, "Con gusto, Luz.")).StatusCode);

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
        var started = await LiveChat();
        var before = await f.Db.CountEventsAsync();
        var problem = await (await f.Citizen(started.Token).PostAsync($"/api/{Api.Flori}/chats/{started.CaseId}/messages", Api.Raw(json)))
            .AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("text", out _));
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task A_message_longer_than_4000_characters_is_refused_and_one_of_4000_is_kept()
    {
        var started = await LiveChat();
        var citizen = f.Citizen(started.Token);
        var before = await f.Db.CountEventsAsync();
        await (await citizen.Say(Api.Flori, started.CaseId, new string('a', 4001))).AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(before, await f.Db.CountEventsAsync());
        Assert.Equal(HttpStatusCode.Created, (await citizen.Say(Api.Flori, started.CaseId, new string('a', 4000) + "  ")).StatusCode);
    }

    [Fact]
    public async Task Html_is_kept_as_plain_text()
    {
        var started = await LiveChat();
        await f.Citizen(started.Token).Say(Api.Flori, started.CaseId, "<script>alert(1)</script>");
        var response = await f.Citizen(started.Token).GetAsync($"/api/{Api.Flori}/chats/{started.CaseId}/messages");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script>alert(1)</script>", (await f.Citizen(started.Token).ReadChat(Api.Flori, started.CaseId)).Texts());
    }

    [Fact]
    public async Task A_chat_token_opens_only_its_own_chat()
    {
        var a = await LiveChat();
        var b = await LiveChat();
        var tenjo = await LiveChat(Api.Tenjo);
        var citizenA = f.Citizen(a.Token);
        var before = await f.Db.CountEventsAsync();

        await (await citizenA.Say(Api.Flori, b.CaseId, "hola")).AssertProblem(HttpStatusCode.NotFound);
        await (await citizenA.GetAsync($"/api/{Api.Flori}/chats/{b.CaseId}/messages")).AssertProblem(HttpStatusCode.NotFound);
        await (await citizenA.Say(Api.Tenjo, tenjo.CaseId, "hola")).AssertProblem(HttpStatusCode.NotFound);
        await (await citizenA.PostAsJsonAsync($"/api/{Api.Flori}/chats/{b.CaseId}/close", new { reason = "citizen" })).AssertProblem(HttpStatusCode.NotFound);
        // Staff routes refuse it, even on its own case.
        await (await citizenA.GetAsync($"/api/{Api.Flori}/cases/{a.CaseId}")).AssertProblem(HttpStatusCode.Forbidden);
        await (await citizenA.GetAsync($"/api/{Api.Flori}/cases")).AssertProblem(HttpStatusCode.Forbidden);
        await (await citizenA.PostAsJsonAsync($"/api/{Api.Flori}/cases/{a.CaseId}/notes", new { text = "x" })).AssertProblem(HttpStatusCode.Forbidden);
        await (await citizenA.PostAsJsonAsync($"/api/{Api.Flori}/cases", Api.NewCase())).AssertProblem(HttpStatusCode.Forbidden);
        await (await citizenA.PostAsync($"/api/{Api.Flori}/chats/{a.CaseId}/conduct-warning", null)).AssertProblem(HttpStatusCode.Forbidden);
        await (await citizenA.PutAsJsonAsync($"/api/{Api.Flori}/staff/me/presence", new { present = true })).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Theory]
    [InlineData("auditor")]
    [InlineData("control")]
    [InlineData("admin")]
    public async Task Roles_that_do_not_work_cases_may_not_chat(string role)
    {
        var started = await LiveChat();
        var before = await f.Db.CountEventsAsync();
        await (await f.As(Api.Flori, role).Say(Api.Flori, started.CaseId, "hola")).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task Without_a_token_messages_are_refused()
    {
        var started = await LiveChat();
        Assert.Equal(HttpStatusCode.Unauthorized, (await f.Anonymous().Say(Api.Flori, started.CaseId, "hola")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await f.Anonymous().GetAsync($"/api/{Api.Flori}/chats/{started.CaseId}/messages")).StatusCode);
    }

    [Fact]
    public async Task A_case_that_is_not_a_chat_has_no_messages()
    {
        var advisor = f.As(Api.Flori, "advisor", "asesora");
        var id = await advisor.CreateCase();
        var before = await f.Db.CountEventsAsync();
        await (await advisor.Say(Api.Flori, id, "hola")).AssertProblem(HttpStatusCode.NotFound);
        await (await advisor.GetAsync($"/api/{Api.Flori}/chats/{id}/messages")).AssertProblem(HttpStatusCode.NotFound);
        await (await advisor.Say(Api.Flori, Guid.NewGuid(), "hola")).AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task Two_hundred_messages_from_ten_concurrent_senders_are_all_kept_once()
    {
        var started = await LiveChat();
        var senders = Enumerable.Range(0, 10)
            .Select(i => i % 2 == 0 ? f.Citizen(started.Token) : f.As(Api.Flori, "advisor", $"asesor{i}"))
            .ToArray();
        await Task.WhenAll(senders.Select((client, i) => Task.Run(async () =>
        {
            for (var n = 0; n < 20; n++)
            {
                var response = await client.Say(Api.Flori, started.CaseId, $"s{i}-m{n}");
                Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
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
        var started = await LiveChat();
        var supervisor = f.As(Api.Flori, "supervisor", "jefa");
        var now = await (await supervisor.GetAsync($"/api/{Api.Flori}/cases/{started.CaseId}")).Body();
        var version = now.GetProperty("version").GetInt64();
        await f.As(Api.Flori, "advisor", "asesora").Verb(Api.Flori, started.CaseId, "close", new { reason = "citizen" });

        var then = await (await supervisor.GetAsync($"/api/{Api.Flori}/cases/{started.CaseId}?version={version}")).Body();
        Assert.Equal("live", then.GetProperty("chat").GetProperty("status").GetString());
        Assert.Equal(3, then.GetProperty("chat").GetProperty("messages").GetArrayLength());
        var current = await (await supervisor.GetAsync($"/api/{Api.Flori}/cases/{started.CaseId}")).Body();
        Assert.Equal("closed", current.GetProperty("chat").GetProperty("status").GetString());
    }
}
