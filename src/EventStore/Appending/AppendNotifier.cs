using Atencion.EventStore.Feed;
using Npgsql;

namespace Atencion.EventStore.Appending;

/// <summary>Wakes feed subscribers after appends commit, with one NOTIFY at a time sent from its own connection.</summary>
/// <remarks>
/// A NOTIFY inside the append's transaction takes PostgreSQL's global notify lock until that commit is flushed, which
/// serialises every appender. Sent after the commit instead, and coalesced (appends that commit while one NOTIFY is in
/// flight share the next one), it costs appenders nothing. Subscribers poll as well, so a lost wake-up only delays.
/// </remarks>
public sealed class AppendNotifier(NpgsqlDataSource dataSource)
{
    private const int Idle = 0, Sending = 1, SendingWithMore = 2;

    // Under load a NOTIFY would follow the previous one at once, adding a commit per round trip; a short gap bounds
    // that to 100 a second while delaying a wake-up by at most this much.
    private static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(10);
    private int _state;

    /// <summary>Signals that events were committed; returns at once.</summary>
    public void Signal()
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (state == SendingWithMore) return;
            var next = state == Idle ? Sending : SendingWithMore;
            if (Interlocked.CompareExchange(ref _state, next, state) != state) continue;
            if (state == Idle) _ = Task.Run(SendAsync);
            return;
        }
    }

    private async Task SendAsync()
    {
        while (true)
        {
            try
            {
                await using var cmd = dataSource.CreateCommand($"notify {GlobalFeed.Channel}");
                await cmd.ExecuteNonQueryAsync();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ObjectDisposedException)
            {
                // Subscribers poll too; a missed wake-up only delays them until their next poll.
            }
            if (Interlocked.CompareExchange(ref _state, Idle, Sending) == Sending) return;
            // More appends committed while this NOTIFY was in flight: one more, after the gap, covers them all.
            Volatile.Write(ref _state, Sending);
            await Task.Delay(MinimumGap);
        }
    }
}
