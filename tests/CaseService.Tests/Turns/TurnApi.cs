using System.Net;
using System.Text.Json;
using Atencion.CaseService.Turns;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Atencion.CaseService.Tests.Turns;

/// <summary>What the kiosk, the desks and the screen do, through the HTTP API.</summary>
public static class TurnApi
{
    public const string Faca = "camara-facatativa";

    /// <summary>Given a turn the kiosk issued for a service (it must answer 201).</summary>
    public static async Task<JsonElement> Issue(this ServiceFixture f, string service, string tenant = Faca) =>
        (await f.Anonymous().Scenario(x =>
        {
            x.Post.Json(new { service }).ToUrl($"/api/{tenant}/turns");
            x.StatusCodeShouldBe(HttpStatusCode.Created);
        })).Json();

    /// <summary>A desk calls the next turn of a service (it must answer 200).</summary>
    public static async Task<JsonElement> CallNext(this ServiceFixture f, string service, string desk = "Módulo 3", string tenant = Faca) =>
        (await f.As(tenant, "advisor", "operadora").Scenario(x =>
        {
            x.Post.Json(new { service, desk }).ToUrl($"/api/{tenant}/turns/next");
            x.StatusCodeShouldBeOk();
        })).Json();

    /// <summary>The desk records the case the turn was served with, as a scenario that expects <paramref name="expect"/> (a success when not given).</summary>
    public static Task<IScenarioResult> Serve(this ServiceFixture f, Guid turnId, Guid caseId, string tenant = Faca, Action<Scenario>? expect = null) =>
        f.As(tenant, "advisor", "operadora").Scenario(x =>
        {
            x.Post.Json(new { caseId }).ToUrl($"/api/{tenant}/turns/{turnId}/served");
            expect?.Invoke(x);
        });

    /// <summary>The waiting-room board as the screen reads it.</summary>
    public static async Task<JsonElement> Board(this ServiceFixture f, string tenant = Faca) =>
        (await f.Anonymous().Scenario(x => { x.Get.Url($"/api/{tenant}/turns/board"); x.StatusCodeShouldBeOk(); })).Json();

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
