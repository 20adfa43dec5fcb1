namespace Atencion.CaseService.Turns;

/// <summary>The kiosk's services and their ticket prefixes per entity (<c>Turns:Services:{tenant}:{service}=R</c>), and the no-show time.</summary>
public sealed class TurnSettings(IConfiguration config)
{
    /// <summary>The services every entity offers unless configured otherwise, with their prefixes.</summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultServices = new Dictionary<string, string>
    {
        ["registro"] = "R",
        ["orientacion"] = "O",
        ["juridica"] = "J",
        ["pagos"] = "P",
    };

    /// <summary>The entity's services → prefix.</summary>
    public IReadOnlyDictionary<string, string> ServicesOf(string tenant)
    {
        var configured = config.GetSection($"Turns:Services:{tenant}").GetChildren()
            .Where(c => !string.IsNullOrWhiteSpace(c.Value))
            .ToDictionary(c => c.Key.ToLowerInvariant(), c => c.Value!.Trim().ToUpperInvariant());
        return configured.Count > 0 ? configured : DefaultServices;
    }

    /// <summary>How long a called turn waits for its citizen before it expires as a no-show (<c>Turns:NoShowMinutes</c>, default 5).</summary>
    public TimeSpan NoShowAfter => TimeSpan.FromMinutes(config.GetValue("Turns:NoShowMinutes", 5));

    /// <summary>
    /// The in-person service level's target wait (issue → call) of an entity: <c>Turns:WaitTargetMinutes:{tenant}</c>, else
    /// <c>Turns:WaitTargetMinutes</c>, else 15 minutes.
    /// </summary>
    public int WaitTargetMinutesOf(string tenant)
    {
        var minutes = config.GetValue<int?>($"Turns:WaitTargetMinutes:{tenant}") ?? config.GetValue<int?>("Turns:WaitTargetMinutes")
            ?? Projections.Indicators.InPersonServiceLevel.DefaultWaitTargetMinutes;
        return minutes > 0 ? minutes : throw new InvalidOperationException($"Turns:WaitTargetMinutes of {tenant} must be a positive number of minutes, not {minutes}.");
    }
}
