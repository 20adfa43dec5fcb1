using System.Net;
using System.Text.Json;
using Atencion.CaseService.Turns;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Turns;

/// <summary>The waiting-room screen joins its entity's board anonymously and receives each call as it is appended, and each served or expired turn leaving it.</summary>
public sealed class TurnBoardHubTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task An_anonymous_screen_receives_calls_of_its_entity()
    {
        await using var screen = f.Screen();
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

        await f.GivenCalledTurn("registro", "Módulo 9", TurnApi.Faca);
        await f.GivenCalledTurn("orientacion", "Módulo 1", "personeria-itagui");

        // A bound for a loaded test machine, not a latency goal: how fast the daemon pushes is measured in ops/bench (l2).
        var pushed = await called.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("O-001", pushed.GetProperty("label").GetString());
        Assert.Equal("Módulo 1", pushed.GetProperty("desk").GetString());
        lock (others) Assert.Empty(others);
    }

    [Fact]
    public async Task A_pushed_call_carries_the_turn_streams_version_of_the_call()
    {
        const string tenant = "personeria-itagui";
        await using var screen = f.Screen();
        var called = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        screen.On<JsonElement>("called", t => { if (t.GetProperty("desk").GetString() == "Módulo 7") called.TrySetResult(t); });
        await screen.StartAsync();
        await screen.InvokeAsync("Watch", tenant);

        await f.GivenCalledTurn("orientacion", "Módulo 7", tenant);
        var pushed = await called.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // The board's fields as before, and the version of the call in the turn's stream: a screen dedupes by (turn, version).
        var turnId = pushed.GetProperty("turnId").GetGuid();
        await using var conn = new Npgsql.NpgsqlConnection(f.Db.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("select max(version) from atencion_es.mt_events where stream_id = $1", conn);
        cmd.Parameters.AddWithValue(turnId);
        Assert.Equal((long)(await cmd.ExecuteScalarAsync())!, pushed.GetProperty("version").GetInt64());
        foreach (var field in new[] { "label", "service", "desk", "calledAt" }) Assert.True(pushed.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task A_called_turn_served_or_expired_is_pushed_as_cleared()
    {
        const string tenant = "alcaldia-valledupar";
        await using var screen = f.Screen();
        var cleared = new List<Guid>();
        var turns = new TaskCompletionSource<(Guid Served, Guid NoShow)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var both = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        screen.On<Guid>("cleared", async id =>
        {
            // Other tests' called turns of the entity may expire too: only this test's two count.
            var (s, n) = await turns.Task;
            if (id != s && id != n) return;
            lock (cleared)
            {
                cleared.Add(id);
                if (cleared.Count == 2) both.TrySetResult();
            }
        });
        await screen.StartAsync();
        await screen.InvokeAsync("Watch", tenant);

        await f.GivenWaitingTurns("juridica", 2, tenant);
        var served = (await f.CallNext("juridica", "Módulo 1", tenant)).GetProperty("turnId").GetGuid();
        var noShow = (await f.CallNext("juridica", "Módulo 2", tenant)).GetProperty("turnId").GetGuid();
        turns.SetResult((served, noShow));
        var caseId = await f.GivenInPersonCase(tenant);
        await f.Serve(served, caseId, tenant, x => x.StatusCodeShouldBeOk());
        f.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.True(await f.Host.Services.GetRequiredService<TurnExpiry>().RunAsync(default) >= 1);

        await both.Task.WaitAsync(TimeSpan.FromSeconds(20)); // two pushes across the node's hub feed and SignalR on a loaded machine
        lock (cleared) Assert.Equal([served, noShow], cleared);
    }
}
