using Atencion.CaseService.Turns;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Turns;

/// <summary>
/// The expiry sweep and a desk calling turns at the same time (a class of its own: the turn it leaves waiting would expire
/// in the day-end tests of <see cref="TurnExpiryTests"/>).
/// </summary>
public sealed class TurnExpiryLockTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private Task<int> Expire() => f.Host.Services.GetRequiredService<TurnExpiry>().RunAsync(default);

    [Fact]
    public async Task The_sweep_does_not_lock_a_turn_that_is_not_due_so_a_desk_calling_it_meanwhile_never_finds_it_taken()
    {
        // A desk is calling today's only waiting turn (its transaction holds the row, as call-next's does) while the sweep runs.
        var turnId = (await f.Issue("juridica", Api.Tenjo)).GetProperty("turnId").GetGuid();
        await using var desk = new Npgsql.NpgsqlConnection(f.Db.AdminConnectionString);
        await desk.OpenAsync();
        await using var held = await desk.BeginTransactionAsync();
        await using (var lockRow = new Npgsql.NpgsqlCommand("select 1 from atencion.turns where turn_id = $1 for update", desk, held))
        {
            lockRow.Parameters.AddWithValue(turnId);
            Assert.Equal(1, await lockRow.ExecuteScalarAsync());
        }

        // The sweep decides before it locks: it neither waits for that row nor takes it (a sweep that locked every open turn
        // of the day waited here, and a desk's call-next, which skips locked rows, answered "nobody is waiting").
        var sweep = Expire();
        Assert.True(await Task.WhenAny(sweep, Task.Delay(TimeSpan.FromSeconds(10))) == sweep, "the sweep waited for a turn that is not due");
        Assert.Equal(0, await sweep);
        await held.RollbackAsync();
    }
}
