using System.Net;
using System.Text.Json;

namespace Atencion.CaseService.Tests.Chat;

/// <summary>What the chat widget and the advisors' console do, through the HTTP API.</summary>
public static class ChatApi
{
    /// <summary>The widget's first form.</summary>
    public static object Form(string? question = "¿Cómo presento una queja?", string name = "Luz Marina Rueda", string email = "luz@example.com") =>
        new { name, email, question, dataProcessingConsent = true };

    /// <summary>Given a chat a citizen started from the widget (it must succeed).</summary>
    public static async Task<Started> StartChat(this ServiceFixture f, string tenant, object? form = null)
    {
        var body = (await f.Anonymous().Scenario(x =>
        {
            x.Post.Json(form ?? Form()).ToUrl($"/api/{tenant}/chats");
            x.StatusCodeShouldBe(HttpStatusCode.Created);
        })).Json();
        return new Started(body.GetProperty("caseId").GetGuid(), body.GetProperty("chatToken").GetString()!, body.GetProperty("mode").GetString()!, body);
    }

    /// <summary>Given a live chat: an advisor of the entity is present, and a citizen starts a chat.</summary>
    public static async Task<Started> GivenLiveChat(this ServiceFixture f, string tenant = Api.Tenjo, string advisor = "asesor")
    {
        await Staff.StaffApi.MarkPresent(f, tenant, advisor);
        var chat = await f.StartChat(tenant);
        Assert.Equal("live", chat.Mode);
        return chat;
    }

    /// <summary>The citizen's browser, carrying the chat token.</summary>
    public static Caller Citizen(this ServiceFixture f, string token) => f.Bearer(token);

    /// <summary>Posts a chat message as this caller; a 201 unless <paramref name="expect"/> says otherwise.</summary>
    public static Task<IScenarioResult> Say(this Caller caller, string tenant, Guid caseId, string text, Action<Scenario>? expect = null) =>
        caller.Scenario(x =>
        {
            x.Post.Json(new { text }).ToUrl($"/api/{tenant}/chats/{caseId}/messages");
            if (expect is null) x.StatusCodeShouldBe(HttpStatusCode.Created); else expect(x);
        });

    /// <summary>Reads the chat (status, closedReason, messages) as this caller; it must answer 200.</summary>
    public static async Task<JsonElement> ReadChat(this Caller caller, string tenant, Guid caseId, Guid? after = null) =>
        (await caller.Scenario(x =>
        {
            x.Get.Url($"/api/{tenant}/chats/{caseId}/messages" + (after is null ? "" : $"?after={after}"));
            x.StatusCodeShouldBeOk();
        })).Json();

    public static string[] Texts(this JsonElement chat) =>
        chat.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()!).ToArray();

    /// <summary>A protocol verb by staff that must answer 200; returns its body.</summary>
    public static async Task<JsonElement> Verb(this Caller staff, string tenant, Guid caseId, string verb, object? body = null) =>
        (await staff.Scenario(x =>
        {
            x.Post.Json(body ?? new { }).ToUrl($"/api/{tenant}/chats/{caseId}/{verb}");
            x.StatusCodeShouldBeOk();
        })).Json();

    /// <summary>A started chat: its case, the citizen's token, live or offline, and the whole answer.</summary>
    public sealed record Started(Guid CaseId, string Token, string Mode, JsonElement Body);
}
