using Wolverine;
using Wolverine.ErrorHandling;

namespace Atencion.CaseService.Email;

/// <summary>How Wolverine carries <see cref="SendEmail"/>: a durable local queue, and the retry policy of <see cref="RetrySchedule"/>.</summary>
public static class EmailMessaging
{
    /// <summary>The local queue the emails wait in; durable, so its envelopes live in PostgreSQL until handled.</summary>
    public const string Queue = "email";

    /// <summary>Routes the email messages to their queue and declares their retries (the settings' schedule, then dead letters).</summary>
    public static void Configure(WolverineOptions opts, EmailSettings settings)
    {
        opts.Discovery.IncludeType<SendEmailHandler>();
        opts.PublishMessage<SendEmail>().ToLocalQueue(Queue);
        opts.LocalQueue(Queue).UseDurableInbox();
        // A failed send is tried again on the schedule; the handler appends EmailFailed and the alert at the last attempt,
        // whose failure then moves the message to the dead letters.
        var delays = settings.RetryDelaysBetweenAttempts();
        var onFailure = opts.Policies.OnException<EmailNotSentException>();
        if (delays.Length == 0) onFailure.MoveToErrorQueue();
        else onFailure.ScheduleRetry(delays).Then.MoveToErrorQueue();
        // The database gone while the email is read or its outcome appended: tried again a few times, then dead letters,
        // which the operator sees (GET /api/admin/dead-letters) and can replay.
        opts.Policies.OnException<Npgsql.NpgsqlException>()
            .ScheduleRetry(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10))
            .Then.MoveToErrorQueue();
    }
}
