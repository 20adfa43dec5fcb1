using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Atencion.CaseService.Turns;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Atencion.CaseService.Tests.Turns;

/// <summary>What the kiosk, the desks and the screen do, through the HTTP API.</summary>
public static class TurnApi
{
    public const string Faca = "camara-facatativa";

    public static async Task<JsonElement> Issue(this ServiceFixture f, string service, string tenant = Faca)
    {
        var response = await f.AnonymousClient().PostAsJsonAsync($"/api/{tenant}/turns", new { service });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"issue: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Body();
    }

    public static async Task<JsonElement> CallNext(this ServiceFixture f, string service, string desk = "Módulo 3", string tenant = Faca)
    {
        var response = await f.Client(tenant, "advisor", "operadora").PostAsJsonAsync($"/api/{tenant}/turns/next", new { service, desk });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"next: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Body();
    }

    public static Task<HttpResponseMessage> Serve(this ServiceFixture f, Guid turnId, Guid caseId, string tenant = Faca) =>
        f.Client(tenant, "advisor", "operadora").PostAsJsonAsync($"/api/{tenant}/turns/{turnId}/served", new { caseId });

    public static async Task<JsonElement> Board(this ServiceFixture f, string tenant = Faca) =>
        await (await f.AnonymousClient().GetAsync($"/api/{tenant}/turns/board")).Body();

    public static string[] CalledLabels(this JsonElement board) =>
        board.GetProperty("called").EnumerateArray().Select(t => t.GetProperty("label").GetString()!).ToArray();

    /// <summary>A waiting-room screen's connection to the board hub (anonymous, long polling through the test server); the caller starts and disposes it.</summary>
    public static HubConnection Screen(this ServiceFixture f) => new HubConnectionBuilder()
        .WithUrl(new Uri(f.Host.Server.BaseAddress, TurnBoardHub.Path), o =>
        {
            o.HttpMessageHandlerFactory = _ => f.Host.Server.CreateHandler();
            o.Transports = HttpTransportType.LongPolling;
        })
        .Build();
}
