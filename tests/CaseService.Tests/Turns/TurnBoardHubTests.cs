using System.Net;
using System.Text.Json;
using Atencion.CaseService.Turns;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Turns;

/// <summary>The waiting-room screen joins its entity's board anonymously and receives each call as it is appended.</summary>
public sealed class TurnBoardHubTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task An_anonymous_screen_receives_calls_of_its_entity_within_a_second()
    {
        await using var screen = new HubConnectionBuilder()
            .WithUrl(new Uri(f.Factory.Server.BaseAddress, TurnBoardHub.Path), o =>
            {
                o.HttpMessageHandlerFactory = _ => f.Factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        var called = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var others = new List<string>();
        screen.On<JsonElement>("called", t =>
        {
            if (t.GetProperty("service").GetString() == "orientacion") called.TrySetResult(t);
            else lock (others) others.Add(t.GetProperty("label").GetString()!);
        });
        await screen.StartAsync();
        await screen.InvokeAsync("Watch", "personeria-itagui");
        await Assert.ThrowsAsync<HubException>(() => screen.InvokeAsync("Watch", "no-such-entity"));

        await f.Issue("registro", TurnApi.Faca);
        await f.CallNext("registro", "Módulo 9", TurnApi.Faca);
        await f.Issue("orientacion", "personeria-itagui");
        await f.CallNext("orientacion", "Módulo 1", "personeria-itagui");

        var pushed = await called.Task.WaitAsync(TimeSpan.FromSeconds(1));
        Assert.Equal("O-001", pushed.GetProperty("label").GetString());
        Assert.Equal("Módulo 1", pushed.GetProperty("desk").GetString());
        lock (others) Assert.Empty(others);
    }
}
