namespace Atencion.CaseService.Email;

/// <summary>When a failed email is tried again: exponential at first (1, 3, 9, 27, 81 minutes), then 4 h and 8 h apart.</summary>
/// <remarks>
/// With the default 9 attempts the last one comes about 22 hours after the first, so an SMTP server down for most of a day
/// loses nothing. Past the table the wait stays at 8 hours (only with a larger <c>Email:MaxAttempts</c>).
/// </remarks>
public static class RetrySchedule
{
    /// <summary>The first attempt plus eight retries.</summary>
    public const int DefaultMaxAttempts = 9;

    /// <summary>The wait after the n-th failed attempt (index n - 1).</summary>
    public static readonly IReadOnlyList<TimeSpan> Delays =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(27), TimeSpan.FromMinutes(81),
        TimeSpan.FromHours(4), TimeSpan.FromHours(8), TimeSpan.FromHours(8),
    ];

    /// <summary>The wait after <paramref name="failedAttempts"/> failed attempts (1 or more).</summary>
    public static TimeSpan After(int failedAttempts) => Delays[Math.Clamp(failedAttempts, 1, Delays.Count) - 1];
}
