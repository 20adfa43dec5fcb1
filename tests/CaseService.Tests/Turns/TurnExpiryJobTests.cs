using Atencion.EventStore.Marten.Store;
using System.Text.Json;
using Atencion.CaseService.Jobs;
using Atencion.CaseService.Tests.Jobs;
using Atencion.Domain.Turns;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Turns;

/// <summary>The service with the scheduler running and the turn-expiry sweep every second.</summary>
public sealed class TurnJobsFixture() : JobsFixture(new Dictionary<string, string> { ["Jobs:TurnsSeconds"] = "1" });

/// <summary>The <c>turn-expiry</c> sweep run by Hangfire on the fake clock: no-shows and the day's end expire turns once, and the screens see them leave.</summary>
public sealed class TurnExpiryJobTests(TurnJobsFixture f) : IClassFixture<TurnJobsFixture>
{
    private async Task<List<object>> Events(string tenant, Guid turnId) =>
        (await f.Host.Services.GetRequiredService<EventStore.Marten.Store.MartenEventStore>().ReadStreamAsync(new EventStore.TenantId(tenant), turnId))
        .Select(e => e.Data).ToList();

    [Fact]
    public async Task A_no_show_leaves_the_board_at_five_minutes_pushed_live_and_expires_once()
    {
        await using var screen = f.Screen();
        var cleared = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        screen.On<Guid>("cleared", id => cleared.TrySetResult(id));
        await screen.StartAsync();
        await screen.InvokeAsync("Watch", TurnApi.Faca);

        var turnId = (await f.GivenCalledTurn("juridica", "Módulo 5")).GetProperty("turnId").GetGuid();
        f.Time.Advance(TimeSpan.FromMinutes(4));
        await f.Host.RunsAsync(TurnExpirySweep.JobName);
        Assert.Contains("J-001", (await f.Board()).CalledLabels());
        Assert.False(cleared.Task.IsCompleted);

        f.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(turnId, await cleared.Task.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.DoesNotContain("J-001", (await f.Board()).CalledLabels());
        await f.Host.RunsAsync(TurnExpirySweep.JobName);
        var expired = (await Events(TurnApi.Faca, turnId)).OfType<TurnExpired>().Single();
        Assert.Equal(TurnExpiryReason.NoShow, expired.Reason);
    }

    [Fact]
    public async Task Turns_still_waiting_at_the_end_of_their_day_expire_once()
    {
        var waiting = (await f.Issue("pagos", Api.Tenjo)).GetProperty("turnId").GetGuid();
        await f.Host.RunsAsync(TurnExpirySweep.JobName);
        Assert.Equal(1, (await f.Board(Api.Tenjo)).GetProperty("waiting").GetProperty("pagos").GetInt32());

        f.Time.Advance(TimeSpan.FromDays(1));
        await Sweeps.UntilAsync(() => f.Board(Api.Tenjo), (JsonElement b) => !b.GetProperty("waiting").TryGetProperty("pagos", out _),
            "the waiting turn expired at the end of its day");
        await f.Host.RunsAsync(TurnExpirySweep.JobName);
        var expired = (await Events(Api.Tenjo, waiting)).OfType<TurnExpired>().Single();
        Assert.Equal(TurnExpiryReason.EndOfDay, expired.Reason);
    }
}
