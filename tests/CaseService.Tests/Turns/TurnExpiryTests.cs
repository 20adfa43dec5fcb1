using System.Net;
using System.Text.Json;
using Atencion.CaseService.Turns;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Turns;

/// <summary>
/// No-shows and the day's end expire turns (calling the job-callable runner directly, on the fake clock) and leave GET turns/board.
/// The same through the Hangfire sweep, with the live <c>cleared</c> push, is <see cref="TurnExpiryJobTests"/>.
/// </summary>
public sealed class TurnExpiryTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private Task<int> Expire() => f.Host.Services.GetRequiredService<TurnExpiry>().RunAsync(default);

    [Fact]
    public async Task A_called_turn_not_served_within_five_minutes_expires_once_and_leaves_the_board()
    {
        var ticket = await f.Issue("juridica");
        await f.CallNext("juridica");
        f.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, await Expire());
        Assert.Contains("J-001", (await f.Board()).CalledLabels());

        f.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await Expire());
        Assert.Equal(0, await Expire());
        Assert.DoesNotContain("J-001", (await f.Board()).CalledLabels());
        var caseId = await f.GivenInPersonCase(TurnApi.Faca);
        var expired = (await f.Serve(ticket.GetProperty("turnId").GetGuid(), caseId, expect: x => x.ProblemShouldBe(HttpStatusCode.Conflict))).Json();
        Assert.Equal("expired", expired.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Turns_still_waiting_expire_when_their_day_ends_and_numbering_starts_again()
    {
        await f.GivenWaitingTurns("pagos", 2, Api.Tenjo);
        var waitingBefore = (await f.Board(Api.Tenjo)).GetProperty("waiting").GetProperty("pagos").GetInt32();
        Assert.Equal(2, waitingBefore);
        Assert.Equal(0, await Expire());

        f.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(2, await Expire());
        Assert.False((await f.Board(Api.Tenjo)).GetProperty("waiting").TryGetProperty("pagos", out _));
        Assert.Equal("P-001", (await f.Issue("pagos", Api.Tenjo)).GetProperty("label").GetString());
    }
}
