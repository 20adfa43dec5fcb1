using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Atencion.CaseService.Tests.Chat;

/// <summary>What the chat widget and the advisors' console do, through the HTTP API.</summary>
public static class ChatApi
{
    /// <summary>The widget's first form.</summary>
    public static object Form(string? question = "¿Cómo presento una queja?", string name = "Luz Marina Rueda", string email = "luz@example.com") =>
        new { name, email, question, dataProcessingConsent = true };

    /// <summary>Starts a chat that must succeed.</summary>
    public static async Task<Started> StartChat(this ServiceFixture f, string tenant, object? form = null)
    {
        var response = await f.AnonymousClient().PostAsJsonAsync($"/api/{tenant}/chats", form ?? Form());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"expected 201 but got {(int)response.StatusCode}: {text}");
        var body = JsonDocument.Parse(text).RootElement;
        return new Started(body.GetProperty("caseId").GetGuid(), body.GetProperty("chatToken").GetString()!, body.GetProperty("mode").GetString()!, body);
    }

    /// <summary>The citizen's browser, carrying the chat token.</summary>
    public static HttpClient Citizen(this ServiceFixture f, string token)
    {
        var client = f.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static Task<HttpResponseMessage> Say(this HttpClient client, string tenant, Guid caseId, string text) =>
        client.PostAsJsonAsync($"/api/{tenant}/chats/{caseId}/messages", new { text });

    /// <summary>Reads the chat (status, closedReason, messages) as this client.</summary>
    public static async Task<JsonElement> ReadChat(this HttpClient client, string tenant, Guid caseId, Guid? after = null)
    {
        var response = await client.GetAsync($"/api/{tenant}/chats/{caseId}/messages" + (after is null ? "" : $"?after={after}"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"read chat: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Body();
    }

    public static string[] Texts(this JsonElement chat) =>
        chat.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()!).ToArray();

    /// <summary>A protocol verb by staff that must succeed.</summary>
    public static async Task<JsonElement> Verb(this HttpClient staff, string tenant, Guid caseId, string verb, object? body = null)
    {
        var response = await staff.PostAsJsonAsync($"/api/{tenant}/chats/{caseId}/{verb}", body ?? new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{verb}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Body();
    }

    /// <summary>A started chat: its case, the citizen's token, live or offline, and the whole answer.</summary>
    public sealed record Started(Guid CaseId, string Token, string Mode, JsonElement Body);
}
