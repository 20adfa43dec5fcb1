using System.Net;
using Atencion.CaseService.Tests.Staff;
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

    private async Task<string> ChatToken()
    {
        await f.MarkPresent(Api.Flori, "asesora");
        return (await f.StartChat(Api.Flori)).Token;
    }

    private async Task<HttpResponseMessage> Negotiate(string token, string? origin, string query = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/hubs/chat/negotiate?negotiateVersion=1{query}");
        request.Headers.Authorization = new("Bearer", token);
        if (origin is not null) request.Headers.Add("Origin", origin);
        return await f.Anonymous().SendAsync(request);
    }

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
        var refused = await (await Negotiate(token, "https://evil.example")).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Contains("https://evil.example", refused.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Negotiate(token, FloriSite, $"&tenant={Api.Flori}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Negotiate(token, null)).StatusCode);
    }

    [Fact]
    public async Task The_tokens_entity_decides_whatever_tenant_the_query_names()
    {
        var token = await ChatToken();
        // Tenjo's site may not open a Floridablanca chat by naming Tenjo in the query.
        await (await Negotiate(token, TenjoSite, $"&tenant={Api.Tenjo}")).AssertProblem(HttpStatusCode.Forbidden);
        Assert.False(await Upgrade(token, TenjoSite, $"&tenant={Api.Tenjo}"));
        var staff = f.As(Api.Flori, "advisor", "asesora").Token!;
        await (await Negotiate(staff, TenjoSite)).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await Negotiate(staff, FloriSite)).StatusCode);
    }
}
