using System.Net;
using Microsoft.AspNetCore.TestHost;

namespace Atencion.CaseService.Tests.Chat;

/// <summary>
/// A browser's connection to the chat hub from an origin its entity does not allow is refused with 403, on negotiate and
/// on the WebSocket upgrade (which CORS never checks); a request without Origin (a server-side client) passes on its token.
/// </summary>
public sealed class HubOriginTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string FloriSite = "https://www.personeriadefloridablanca.gov.co";
    private const string TenjoSite = "http://www.tenjo-cundinamarca.gov.co";

    private async Task<string> ChatToken() => (await f.GivenChatWithAdvisorPresent(Api.Flori, "asesora")).Token;

    /// <summary>SignalR's negotiate as a browser on <paramref name="origin"/> sends it (none: a server-side client), with a bearer token.</summary>
    private Task<IScenarioResult> Negotiate(string token, string? origin, Action<Scenario> expect, string query = "") =>
        f.Bearer(token).Scenario(x =>
        {
            x.Post.Url($"/hubs/chat/negotiate?negotiateVersion=1{query}");
            if (origin is not null) x.WithRequestHeader("Origin", origin);
            expect(x);
        });

    /// <summary>The WebSocket upgrade as a browser sends it with <c>skipNegotiation</c>: the token in the query.</summary>
    private async Task<bool> Upgrade(string token, string? origin, string query = "")
    {
        var client = f.Host.Server.CreateWebSocketClient();
        if (origin is not null) client.ConfigureRequest = r => r.Headers.Origin = origin;
        try
        {
            var url = new UriBuilder(f.Host.Server.BaseAddress) { Scheme = "ws", Path = "/hubs/chat", Query = $"access_token={token}{query}" }.Uri;
            using var socket = await client.ConnectAsync(url, default);
            return true;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("403"))
        {
            return false;
        }
    }

    [Fact]
    public async Task A_websocket_upgrade_from_an_unlisted_origin_is_refused()
    {
        var token = await ChatToken();
        Assert.False(await Upgrade(token, "https://evil.example"));
        Assert.False(await Upgrade(token, TenjoSite));
        Assert.False(await Upgrade(token, "http://www.personeriadefloridablanca.gov.co")); // another scheme is another origin
        Assert.True(await Upgrade(token, FloriSite));
        Assert.True(await Upgrade(token, null));
    }

    [Fact]
    public async Task Negotiate_from_an_unlisted_origin_is_refused_with_a_problem()
    {
        var token = await ChatToken();
        var refused = (await Negotiate(token, "https://evil.example", x => x.ProblemShouldBe(HttpStatusCode.Forbidden))).Json();
        Assert.Contains("https://evil.example", refused.GetProperty("detail").GetString());
        await Negotiate(token, FloriSite, x => x.StatusCodeShouldBe(HttpStatusCode.OK), $"&tenant={Api.Flori}");
        await Negotiate(token, null, x => x.StatusCodeShouldBe(HttpStatusCode.OK));
    }

    [Fact]
    public async Task The_tokens_entity_decides_whatever_tenant_the_query_names()
    {
        var token = await ChatToken();
        // Tenjo's site may not open a Floridablanca chat by naming Tenjo in the query.
        await Negotiate(token, TenjoSite, x => x.ProblemShouldBe(HttpStatusCode.Forbidden), $"&tenant={Api.Tenjo}");
        Assert.False(await Upgrade(token, TenjoSite, $"&tenant={Api.Tenjo}"));
        var staff = f.As(Api.Flori, "advisor", "asesora").Token!;
        await Negotiate(staff, TenjoSite, x => x.ProblemShouldBe(HttpStatusCode.Forbidden));
        await Negotiate(staff, FloriSite, x => x.StatusCodeShouldBe(HttpStatusCode.OK));
    }
}
