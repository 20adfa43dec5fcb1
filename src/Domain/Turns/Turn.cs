using Atencion.Domain.Common;

namespace Atencion.Domain.Turns;

/// <summary>Where a turn stands.</summary>
public enum TurnStatus
{
    /// <summary>Issued, waiting to be called.</summary>
    Waiting,
    /// <summary>Called to a desk.</summary>
    Called,
    /// <summary>Attended; linked to its case.</summary>
    Served,
    /// <summary>Ended without being served.</summary>
    Expired,
}

/// <summary>The write model of a turn: what its decisions need.</summary>
/// <param name="Id">The turn id.</param>
/// <param name="Service">Its service.</param>
/// <param name="Label">Its label .</param>
/// <param name="Day">Its day in the entity's time zone.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="IssuedAt">When the kiosk issued it.</param>
/// <param name="CalledAt">When it was called, if it was.</param>
public sealed record Turn(Guid Id, string Service, string Label, DateOnly Day, TurnStatus Status, DateTimeOffset IssuedAt, DateTimeOffset? CalledAt = null)
{
    /// <summary>The longest desk name accepted.</summary>
    public const int MaxDesk = 40;

    /// <summary>A label made of the service's prefix and the day's consecutive: R-017.</summary>
    public static string LabelOf(string prefix, int number) => $"{prefix}-{number:000}";

    /// <summary>The state after one more event recorded at <paramref name="at"/>.</summary>
    public Turn Apply(ITurnEvent @event, DateTimeOffset at) => @event switch
    {
        TurnCalled => this with { Status = TurnStatus.Called, CalledAt = at },
        TurnServed => this with { Status = TurnStatus.Served },
        TurnExpired => this with { Status = TurnStatus.Expired },
        _ => this,
    };

    /// <summary>Calls the turn to a desk; only a waiting turn can be called.</summary>
    public IReadOnlyList<ITurnEvent> Call(string? desk, DateTimeOffset now)
    {
        new Validator().Required("desk", desk, MaxDesk).ThrowIfAny();
        if (Status != TurnStatus.Waiting) throw new RuleViolated($"Turn {Label} is {Wire(Status)}, not waiting.", Wire(Status));
        return [new TurnCalled(Service, Label, desk!.Trim(), Seconds(IssuedAt, now))];
    }

    /// <summary>Marks the called turn served by the given case.</summary>
    public IReadOnlyList<ITurnEvent> Serve(Guid caseId, DateTimeOffset now)
    {
        if (Status != TurnStatus.Called) throw new RuleViolated($"Turn {Label} is {Wire(Status)}; only a called turn can be served.", Wire(Status));
        return [new TurnServed(Service, caseId, Seconds(IssuedAt, CalledAt!.Value), Seconds(CalledAt.Value, now))];
    }

    /// <summary>The expiry due at <paramref name="now"/>, if any: a call unanswered past <paramref name="noShowAfter"/>, or a wait past its day.</summary>
    public IReadOnlyList<ITurnEvent> Expire(DateTimeOffset now, DateOnly today, TimeSpan noShowAfter) => Status switch
    {
        TurnStatus.Called when now - CalledAt!.Value >= noShowAfter => [new TurnExpired(Service, TurnExpiryReason.NoShow)],
        TurnStatus.Waiting or TurnStatus.Called when Day < today => [new TurnExpired(Service, TurnExpiryReason.EndOfDay)],
        _ => [],
    };

    private static int Seconds(DateTimeOffset from, DateTimeOffset to) => (int)Math.Max(0, Math.Round((to - from).TotalSeconds));

    private static string Wire(TurnStatus s) => s.ToString().ToLowerInvariant();
}
