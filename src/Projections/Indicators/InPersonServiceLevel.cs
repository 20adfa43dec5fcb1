using Atencion.Domain.Turns;
using Atencion.Projections.Turns;

namespace Atencion.Projections.Indicators;

/// <summary>Durations in seconds of a group of turns.</summary>
/// <param name="Measured">How many turns were measured.</param>
/// <param name="AverageSeconds">Their mean, rounded half away from zero to two decimals.</param>
/// <param name="MedianSeconds">The middle value, or the mean of the two middle values.</param>
/// <param name="P90Seconds">The 90th percentile by nearest rank: the value at rank ⌈0.9 × n⌉ of the sorted values.</param>
public sealed record DurationStats(int Measured, decimal? AverageSeconds, decimal? MedianSeconds, int? P90Seconds)
{
    /// <summary>The statistics of some durations (all null but <see cref="Measured"/> when there are none).</summary>
    public static DurationStats Of(IReadOnlyList<int> seconds) => new(seconds.Count,
        seconds.Count == 0 ? null : Math.Round((decimal)seconds.Sum() / seconds.Count, 2, MidpointRounding.AwayFromZero),
        IndicatorCalculator.Median(seconds.Select(s => (decimal)s).ToList()),
        IndicatorCalculator.P90(seconds));
}

/// <summary>The in-person service level of the turns of one service (or of all).</summary>
/// <param name="Service">The service, null for all services.</param>
/// <param name="Issued">Turns issued in the period.</param>
/// <param name="Called">Of those, called to a desk.</param>
/// <param name="Served">Of those, attended and linked to their case.</param>
/// <param name="Expired">Of those, ended unserved (no-shows and turns left at the end of the day).</param>
/// <param name="NoShows">Of the expired, called and not come to the desk.</param>
/// <param name="CalledWithinTarget">Turns called within the target wait, over turns whose wait ended (called, or expired without a call).</param>
/// <param name="Waiting">Waiting time (issue → call) of the called turns.</param>
/// <param name="ServiceTime">Service time (call → served) of the served turns.</param>
public sealed record InPersonGroup(string? Service, int Issued, int Called, int Served, int Expired, int NoShows,
    Share CalledWithinTarget, DurationStats Waiting, DurationStats ServiceTime);

/// <summary>The in-person service level (nivel de servicio presencial) from the kiosk turns issued in the period.</summary>
/// <param name="WaitTargetMinutes">The target wait: a turn called within it counts as served in time.</param>
/// <param name="Overall">All services.</param>
/// <param name="ByService">Per service, by name.</param>
public sealed record InPersonServiceLevel(int WaitTargetMinutes, InPersonGroup Overall, IReadOnlyList<InPersonGroup> ByService)
{
    /// <summary>The target wait when the entity configures none.</summary>
    public const int DefaultWaitTargetMinutes = 15;

    /// <summary>The formulas of docs/indicators.md over the turns issued in the period.</summary>
    public static InPersonServiceLevel Compute(IReadOnlyList<TurnFact> turns, int waitTargetMinutes) => new(waitTargetMinutes,
        Group(null, turns, waitTargetMinutes),
        turns.GroupBy(t => t.Service).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Group(g.Key, g.ToList(), waitTargetMinutes)).ToList());

    private static InPersonGroup Group(string? service, IReadOnlyList<TurnFact> turns, int targetMinutes)
    {
        var waits = turns.Where(t => t.Called).Select(t => t.WaitedSeconds!.Value).ToList();
        return new InPersonGroup(service, turns.Count, waits.Count, turns.Count(t => t.Served),
            turns.Count(t => t.Expired is not null), turns.Count(t => t.Expired == TurnExpiryReason.NoShow),
            Share.From(waits.Count(w => w <= targetMinutes * 60), turns.Count(t => t.WaitEnded)),
            DurationStats.Of(waits),
            DurationStats.Of(turns.Where(t => t.Served).Select(t => t.ServiceSeconds!.Value).ToList()));
    }
}
