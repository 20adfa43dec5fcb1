using System.Text.Json;

namespace Atencion.CaseService.Tests.Chat;

/// <summary>
/// Scenario steps of the chat tests beyond <see cref="ChatApi"/>: a chat's routes answered as the test expects (a problem,
/// a refusal), and the staff's views of a chat's case.
/// </summary>
public static class ChatScenarios
{
    /// <summary>One of a chat's routes: <c>messages</c>, <c>close</c>, <c>satisfaction</c>, a protocol verb, <c>messages/{id}/withdraw</c>.</summary>
    public static string ChatUrl(string tenant, Guid caseId, string route = "messages") => $"/api/{tenant}/chats/{caseId}/{route}";

    /// <summary>
    /// Given an advisor of the entity marked present and a citizen who started a chat: live or offline as the clock has it
    /// (<see cref="ChatApi.GivenLiveChat"/> also requires it live).
    /// </summary>
    public static async Task<ChatApi.Started> GivenChatWithAdvisorPresent(this ServiceFixture f, string tenant, string advisor)
    {
        await Staff.StaffApi.MarkPresent(f, tenant, advisor);
        return await f.StartChat(tenant);
    }

    /// <summary>Posts to a chat's route as this caller: a JSON body, or none when <paramref name="body"/> is null; expects <paramref name="expect"/>.</summary>
    public static Task<IScenarioResult> PostToChat(this Caller caller, string tenant, Guid caseId, string route, object? body, Action<Scenario> expect) =>
        caller.Scenario(x =>
        {
            if (body is null) x.Post.Url(ChatUrl(tenant, caseId, route));
            else x.Post.Json(body).ToUrl(ChatUrl(tenant, caseId, route));
            expect(x);
        });

    /// <summary>Posts raw JSON to a chat's route as this caller; expects <paramref name="expect"/>.</summary>
    public static Task<IScenarioResult> PostRawToChat(this Caller caller, string tenant, Guid caseId, string route, string json, Action<Scenario> expect) =>
        caller.Scenario(x =>
        {
            x.Post.RawJson(json).ToUrl(ChatUrl(tenant, caseId, route));
            expect(x);
        });

    /// <summary>Reads a chat's messages as this caller, expecting <paramref name="expect"/> (<see cref="ChatApi.ReadChat"/> is the 200 case).</summary>
    public static Task<IScenarioResult> ReadChatAnswer(this Caller caller, string tenant, Guid caseId, Action<Scenario> expect) =>
        caller.Scenario(x =>
        {
            x.Get.Url(ChatUrl(tenant, caseId));
            expect(x);
        });

    /// <summary>The case's view (any 2xx; a version as the console asks for an earlier one).</summary>
    public static async Task<JsonElement> CaseView(this Caller staff, string tenant, Guid caseId, long? version = null) =>
        (await staff.Scenario(x => x.Get.Url($"/api/{tenant}/cases/{caseId}" + (version is null ? "" : $"?version={version}")))).Json();

    /// <summary>The first case of the console's list (any 2xx).</summary>
    public static async Task<JsonElement> FirstListedCase(this Caller staff, string tenant) =>
        (await staff.Scenario(x => x.Get.Url($"/api/{tenant}/cases"))).Json().GetProperty("items")[0];
}
