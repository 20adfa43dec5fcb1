using System.Net;
using Atencion.CaseService.Turns;
using Microsoft.AspNetCore.TestHost;

namespace Atencion.CaseService.Tests.Turns;

/// <summary>
/// The waiting-room board's hub is anonymous, but a browser's WebSocket to it (which CORS never checks) is refused from an
/// origin its entity does not allow, as on the chat hub; the entity's own screens and server-side clients connect.
/// </summary>
public sealed class TurnBoardHubOriginTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string FloriSite = "https://www.personeriadefloridablanca.gov.co";

    private async Task<bool> Upgrade(string? origin, string tenant = Api.Flori)
    {
        var client = f.Host.Server.CreateWebSocketClient();
        if (origin is not null) client.ConfigureRequest = r => r.Headers.Origin = origin;
        try
        {
            var url = new UriBuilder(f.Host.Server.BaseAddress) { Scheme = "ws", Path = TurnBoardHub.Path, Query = $"tenant={tenant}" }.Uri;
            using var socket = await client.ConnectAsync(url, default);
            return true;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("403"))
        {
            return false;
        }
    }

    [Fact]
    public async Task A_websocket_to_the_board_from_an_unlisted_origin_is_refused_and_the_entitys_own_screen_connects()
    {
        Assert.False(await Upgrade("https://evil.example"));
        Assert.False(await Upgrade("http://www.tenjo-cundinamarca.gov.co")); // another entity's site
        Assert.True(await Upgrade(FloriSite));
        Assert.True(await Upgrade(null));
    }

    [Fact]
    public async Task Negotiate_from_an_unlisted_origin_is_a_403_problem()
    {
        var problem = (await f.Anonymous().Scenario(x =>
        {
            x.Post.Url($"{TurnBoardHub.Path}/negotiate?negotiateVersion=1&tenant={Api.Flori}");
            x.WithRequestHeader("Origin", "https://evil.example");
            x.ProblemShouldBe(HttpStatusCode.Forbidden);
        })).Json();
        Assert.Equal("This origin may not open the turn board hub.", problem.GetProperty("title").GetString());
    }
}
