namespace Atencion.CaseService.Jobs;

/// <summary>How often each scheduled sweep runs and how deadlines warn (configuration section <c>Jobs</c>).</summary>
/// <param name="Enabled">Whether this node runs the scheduler (default true; a node may serve HTTP only).</param>
/// <param name="IdleChats">Interval of the idle-chat sweep (default 1 s: prompts and closes land within a second or two of their time).</param>
/// <param name="Deadlines">Interval of the deadline sweep (default 15 s).</param>
/// <param name="Presence">Interval of the presence-lapse sweep (default 10 s).</param>
/// <param name="Turns">Interval of the kiosk turns' expiry (default 30 s).</param>
/// <param name="DeadlineWarningBusinessDays">Business days before the due date a warning is raised (default 3).</param>
public sealed record JobSettings(
    bool Enabled, TimeSpan IdleChats, TimeSpan Deadlines, TimeSpan Presence, TimeSpan Turns, int DeadlineWarningBusinessDays)
{
    /// <summary>Each sweep's name and how often it runs.</summary>
    public IReadOnlyDictionary<string, TimeSpan> Intervals => new SortedDictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        [DeadlineSweep.JobName] = Deadlines,
        [IdleChatSweep.JobName] = IdleChats,
        [PresenceSweep.JobName] = Presence,
        [TurnExpirySweep.JobName] = Turns,
    };

    /// <summary>Reads the <c>Jobs</c> section, refusing nonsense at start-up rather than scheduling it.</summary>
    public static JobSettings From(IConfiguration config)
    {
        var s = config.GetSection("Jobs");
        var settings = new JobSettings(
            s.GetValue("Enabled", true),
            TimeSpan.FromSeconds(s.GetValue("IdleChatsSeconds", 1.0)),
            TimeSpan.FromSeconds(s.GetValue("DeadlinesSeconds", 15.0)),
            TimeSpan.FromSeconds(s.GetValue("PresenceSeconds", 10.0)),
            TimeSpan.FromSeconds(s.GetValue("TurnsSeconds", 30.0)),
            s.GetValue("DeadlineWarningBusinessDays", Domain.Cases.DeadlineCheck.DefaultWarningBusinessDays));
        foreach (var (name, value) in new[] { ("IdleChatsSeconds", settings.IdleChats), ("DeadlinesSeconds", settings.Deadlines), ("PresenceSeconds", settings.Presence), ("TurnsSeconds", settings.Turns) })
            if (value < TimeSpan.FromMilliseconds(100) || value > TimeSpan.FromHours(1))
                throw new InvalidOperationException($"Jobs:{name} must be between 0.1 and 3600 seconds, not {value.TotalSeconds}.");
        if (settings.DeadlineWarningBusinessDays is < 0 or > 30)
            throw new InvalidOperationException($"Jobs:DeadlineWarningBusinessDays must be between 0 and 30, not {settings.DeadlineWarningBusinessDays}.");
        return settings;
    }
}
