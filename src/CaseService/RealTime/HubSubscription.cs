using Atencion.EventStore;
using Atencion.Projections.Marten;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Services;
using Marten.Subscriptions;

namespace Atencion.CaseService.RealTime;

/// <summary>
/// This node's Marten subscription to the whole log: each committed page of events goes to the hub pushers once Marten has
/// committed the subscription's progress past it.
/// </summary>
/// <remarks>
/// Marten's daemon hands pages in sequence order up to its high-water mark, which never passes a gap a live transaction
/// holds (<c>UseTransactionEvidenceForGapSkipping</c>): a late commit is delivered, not skipped, and a stream's events come
/// in version order (an append takes the stream's lock before its sequence numbers). Pushing after the commit
/// (at most once) rather than before it (at least once) means a page Marten retries is never pushed twice to a client
/// still connected; what a crash between the two loses, a client reads over HTTP when it reconnects.
/// </remarks>
public sealed class HubSubscription : SubscriptionBase
{
    private readonly IReadOnlyList<IHubPusher> _pushers;
    private readonly EventTypeRegistry _types;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private long _pushed;

    /// <summary>A subscription named for this node, starting from the present every time its agent starts.</summary>
    public HubSubscription(string name, IEnumerable<IHubPusher> pushers, EventTypeRegistry types, ILogger log, TimeProvider time)
    {
        _time = time;
        Name = name;
        _pushers = [.. pushers];
        _types = types;
        _log = log;
        // Clients connected to this process are new after a restart and read what they missed over HTTP, so there is
        // nothing to resume: jump to the high-water mark each time the agent starts.
        Options.SubscribeFromPresent();
    }

    /// <summary>The sequence number of the last event handed to the pushers (0 before the first).</summary>
    public long LastPushedSeq => Interlocked.Read(ref _pushed);

    /// <summary>Where the first page since this node started began (the sequence number before it), or null before any page.</summary>
    public long? StartedAfterSeq { get; private set; }

    /// <summary>The last push that threw, if any (the event's sequence number and the error), for readiness.</summary>
    public (long Seq, string Error, DateTimeOffset At)? LastFailure { get; private set; }

    public override Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        StartedAfterSeq ??= page.SequenceFloor;
        return Task.FromResult<IChangeListener>(new AfterCommit(this, MartenRecordedEvents.From(page.Events, _types), page.SequenceCeiling));
    }

    private async Task PushAsync(IReadOnlyList<RecordedEvent> events, long ceiling, CancellationToken ct)
    {
        foreach (var e in events)
            foreach (var pusher in _pushers)
            {
                try { await pusher.PushAsync(e, ct); }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One client's transport failing must not hold the others back: logged, reported, and passed.
                    LastFailure = (e.Seq, ex.Message, _time.GetUtcNow());
                    _log.LogError(ex, "Pushing event {Seq} ({Type}) of {Stream} to the hub failed.", e.Seq, e.EventType, e.StreamId);
                }
            }
        Interlocked.Exchange(ref _pushed, ceiling);
    }

    private sealed class AfterCommit(HubSubscription owner, IReadOnlyList<RecordedEvent> events, long ceiling) : IChangeListener
    {
        public Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token) => owner.PushAsync(events, ceiling, token);

        public Task BeforeCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token) => Task.CompletedTask;
    }
}
