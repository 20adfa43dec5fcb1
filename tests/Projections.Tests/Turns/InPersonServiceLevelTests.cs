using Atencion.Domain.Turns;
using Atencion.Projections.Indicators;
using Atencion.Projections.Turns;

namespace Atencion.Projections.Tests.Turns;

/// <summary>The in-person service level's formulas, as docs/indicators.md states them.</summary>
public sealed class InPersonServiceLevelTests
{
    private static readonly DateOnly Day = new(2026, 3, 2);

    private static TurnFact Waiting(string service = "registro") => new(Guid.NewGuid(), service, Day, null, null, null);
    private static TurnFact Called(int waited, string service = "registro") => new(Guid.NewGuid(), service, Day, waited, null, null);
    private static TurnFact Served(int waited, int served, string service = "registro") => new(Guid.NewGuid(), service, Day, waited, served, null);
    private static TurnFact NoShow(int waited, string service = "registro") => new(Guid.NewGuid(), service, Day, waited, null, TurnExpiryReason.NoShow);
    private static TurnFact LeftAtEndOfDay(string service = "registro") => new(Guid.NewGuid(), service, Day, null, null, TurnExpiryReason.EndOfDay);

    [Fact]
    public void Counts_issued_called_served_and_expired_with_no_shows_apart()
    {
        var level = InPersonServiceLevel.Compute([Waiting(), Called(60), Served(120, 300), Served(30, 60), NoShow(600), LeftAtEndOfDay()], 15);

        var all = level.Overall;
        Assert.Null(all.Service);
        Assert.Equal((6, 4, 2, 2, 1), (all.Issued, all.Called, all.Served, all.Expired, all.NoShows));
    }

    [Fact]
    public void Waiting_time_is_over_the_called_turns_and_service_time_over_the_served_ones()
    {
        var level = InPersonServiceLevel.Compute([Waiting(), Served(100, 240), Served(200, 360), NoShow(400), Called(900)], 15);

        Assert.Equal(new DurationStats(4, 400m, 300m, 900), level.Overall.Waiting);
        Assert.Equal(new DurationStats(2, 300m, 300m, 360), level.Overall.ServiceTime);
    }

    [Fact]
    public void The_average_is_rounded_half_away_from_zero_to_two_decimals_and_the_median_of_an_odd_count_is_the_middle()
    {
        var level = InPersonServiceLevel.Compute([Called(1), Called(2), Called(2)], 15);
        Assert.Equal(new DurationStats(3, 1.67m, 2m, 2), level.Overall.Waiting);
    }

    [Fact]
    public void The_90th_percentile_is_the_nearest_rank()
    {
        var level = InPersonServiceLevel.Compute(Enumerable.Range(1, 11).Select(m => Called(m * 60)).ToList(), 15);
        Assert.Equal(600, level.Overall.Waiting.P90Seconds); // rank ⌈0.9 × 11⌉ = 10
    }

    [Fact]
    public void Called_within_target_counts_waits_up_to_the_target_over_turns_whose_wait_ended()
    {
        // 15 min = 900 s: 900 is within, 901 is not; a turn left uncalled at the end of the day counts against; one still waiting does not count.
        var level = InPersonServiceLevel.Compute([Called(900), Served(60, 60), Called(901), NoShow(30), LeftAtEndOfDay(), Waiting()], 15);
        Assert.Equal(Share.From(3, 5), level.Overall.CalledWithinTarget);
        Assert.Equal(60m, level.Overall.CalledWithinTarget.Percent);
    }

    [Fact]
    public void The_target_is_configurable()
    {
        TurnFact[] turns = [Called(420), Called(1000)];
        Assert.Equal(1, InPersonServiceLevel.Compute(turns, 15).Overall.CalledWithinTarget.Count);
        Assert.Equal(0, InPersonServiceLevel.Compute(turns, 5).Overall.CalledWithinTarget.Count);
        Assert.Equal(2, InPersonServiceLevel.Compute(turns, 20).Overall.CalledWithinTarget.Count);
        Assert.Equal(5, InPersonServiceLevel.Compute(turns, 5).WaitTargetMinutes);
    }

    [Fact]
    public void Each_service_gets_its_own_figures_in_name_order()
    {
        var level = InPersonServiceLevel.Compute([Served(60, 100, "registro"), Called(1200, "juridica"), Served(300, 200, "juridica")], 15);

        Assert.Equal(["juridica", "registro"], level.ByService.Select(s => s.Service));
        var juridica = level.ByService[0];
        Assert.Equal(new DurationStats(2, 750m, 750m, 1200), juridica.Waiting);
        Assert.Equal(Share.From(1, 2), juridica.CalledWithinTarget);
        Assert.Equal(new DurationStats(1, 100m, 100m, 100), level.ByService[1].ServiceTime);
    }

    [Fact]
    public void No_turns_means_no_figures_not_zeros()
    {
        var level = InPersonServiceLevel.Compute([], 15);
        Assert.Equal(new DurationStats(0, null, null, null), level.Overall.Waiting);
        Assert.Null(level.Overall.CalledWithinTarget.Percent);
        Assert.Empty(level.ByService);
    }
}
