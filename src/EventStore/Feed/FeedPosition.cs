namespace Atencion.EventStore.Feed;

/// <summary>A position in the global feed: the appending transaction's id and the event's sequence number.</summary>
/// <param name="TxId">The transaction id (xid8) of the last event consumed.</param>
/// <param name="Seq">The sequence number of the last event consumed.</param>
public readonly record struct FeedPosition(ulong TxId, long Seq) : IComparable<FeedPosition>
{
    /// <summary>Before the first event.</summary>
    public static FeedPosition Start { get; } = new(0, 0);

    /// <summary>The position just after an event.</summary>
    public static FeedPosition After(RecordedEvent e) => new(e.TxId, e.Seq);

    /// <inheritdoc />
    public int CompareTo(FeedPosition other) =>
        TxId != other.TxId ? TxId.CompareTo(other.TxId) : Seq.CompareTo(other.Seq);
}
