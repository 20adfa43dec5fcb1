namespace Atencion.CaseService.Jobs;

/// <summary>How often each scheduled sweep runs and how deadlines warn (configuration section <c>Jobs</c>).</summary>
/// <param name="Enabled">Whether this node runs the scheduler (default true; a node may serve HTTP only).</param>
/// <param name="IdleChats">Interval of the idle-chat sweep (default 1 s: prompts and closes land within a second or two of their time).</param>
/// <remarks>Each interval becomes a Hangfire cron expression (<see cref="Cron"/>), so it must be a whole number of seconds that
/// divides a minute (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30), whole minutes that divide an hour, or whole hours that divide a day.</remarks>
/// <param name="Deadlines">Interval of the deadline sweep (default 15 s).</param>
/// <param name="Presence">Interval of the presence-lapse sweep (default 10 s).</param>
/// <param name="Turns">Interval of the kiosk turns' expiry (default 30 s).</param>
/// <param name="DeadlineWarningBusinessDays">Business days before the due date a warning is raised (default 3).</param>
/// <param name="Workers">Hangfire workers on this node (default 6: one per sweep and spares; a firing that finds its sweep running skips at once).</param>
public sealed record JobSettings(
    bool Enabled, TimeSpan IdleChats, TimeSpan Deadlines, TimeSpan Presence, TimeSpan Turns, int DeadlineWarningBusinessDays, int Workers)
{
    /// <summary>Each sweep's name and how often it runs.</summary>
    public IReadOnlyDictionary<string, TimeSpan> Intervals => new SortedDictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        [DeadlineSweep.JobName] = Deadlines,
        [IdleChatSweep.JobName] = IdleChats,
        [PresenceSweep.JobName] = Presence,
        [TurnExpirySweep.JobName] = Turns,
    };

    /// <summary>The 6-field cron expression (with seconds) that fires every <paramref name="interval"/>, aligned on the clock; null when none does.</summary>
    public static string? Cron(TimeSpan interval)
    {
        if (interval.Ticks % TimeSpan.TicksPerSecond != 0) return null;
        var seconds = (long)interval.TotalSeconds;
        return seconds switch
        {
            >= 1 and < 60 when 60 % seconds == 0 => $"*/{seconds} * * * * *",
            >= 60 and < 3600 when seconds % 60 == 0 && 60 % (seconds / 60) == 0 => $"0 */{seconds / 60} * * * *",
            >= 3600 and <= 86400 when seconds % 3600 == 0 && 24 % (seconds / 3600) == 0 => $"0 0 */{seconds / 3600} * * *",
            _ => null,
        };
    }

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
            s.GetValue("DeadlineWarningBusinessDays", Domain.Cases.DeadlineCheck.DefaultWarningBusinessDays),
            s.GetValue("Workers", 6));
        foreach (var (name, value) in new[] { ("IdleChatsSeconds", settings.IdleChats), ("DeadlinesSeconds", settings.Deadlines), ("PresenceSeconds", settings.Presence), ("TurnsSeconds", settings.Turns) })
            if (Cron(value) is null)
                throw new InvalidOperationException(
                    $"Jobs:{name} must be whole seconds dividing a minute (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30), whole minutes dividing an hour or whole hours dividing a day, not {value.TotalSeconds}.");
        if (settings.DeadlineWarningBusinessDays is < 0 or > 30)
            throw new InvalidOperationException($"Jobs:DeadlineWarningBusinessDays must be between 0 and 30, not {settings.DeadlineWarningBusinessDays}.");
        if (settings.Workers is < 1 or > 100)
            throw new InvalidOperationException($"Jobs:Workers must be between 1 and 100, not {settings.Workers}.");
        return settings;
    }
}
