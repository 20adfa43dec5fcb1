namespace Atencion.EventStore.Marten.HashChain;

/// <summary>
/// Collects the rows the chain's fold returns for the append that opened it, so that the append answers with what was
/// stored (sequence, transaction, JSON, hash) without a round trip of its own.
/// </summary>
/// <remarks>
/// The fold runs inside Marten's <c>SaveChangesAsync</c> as an inline projection, where no argument of ours reaches it;
/// an ambient (async-local) sink opened around that call does, or one attached to the session itself when a framework
/// calls <c>SaveChangesAsync</c> (Wolverine's aggregate handler workflow, <see cref="Store.SessionAppends"/>). A session
/// saved with neither (the upgrade's) folds the same way and its rows are dropped.
/// </remarks>
public sealed class ChainFoldSink
{
    private static readonly AsyncLocal<ChainFoldSink?> Ambient = new();
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, ChainFoldSink> Attached = new();
    private readonly List<(string Tenant, Guid Stream, ChainFoldRow Row)> _rows = [];

    private ChainFoldSink() { }

    /// <summary>The sink open on this async flow, if any.</summary>
    internal static ChainFoldSink? Current => Ambient.Value;

    /// <summary>The sink attached to a session, if any.</summary>
    internal static ChainFoldSink? AttachedTo(object session) => Attached.TryGetValue(session, out var sink) ? sink : null;

    /// <summary>Attaches a new sink to a session: every save of that session hands its folded rows to it.</summary>
    internal static ChainFoldSink AttachTo(object session) => Attached.GetValue(session, _ => new ChainFoldSink());

    /// <summary>Opens a sink for the saves awaited on this async flow until the scope is disposed.</summary>
    public static Scope Open()
    {
        var sink = new ChainFoldSink();
        var previous = Ambient.Value;
        Ambient.Value = sink;
        return new Scope(sink, previous);
    }

    internal void Add(string tenant, Guid stream, ChainFoldRow row)
    {
        lock (_rows) _rows.Add((tenant, stream, row));
    }

    /// <summary>The rows folded for one stream, in version order.</summary>
    /// <remarks>
    /// A commit that Marten's write resilience retries runs the batch again on a new transaction: the rows of the last
    /// run of each event are the ones that count.
    /// </remarks>
    public IReadOnlyList<ChainFoldRow> RowsOf(string tenant, Guid stream)
    {
        lock (_rows)
            return [.. _rows.Where(r => r.Tenant == tenant && r.Stream == stream).Select(r => r.Row)
                .GroupBy(r => r.Id).Select(g => g.Last()).OrderBy(r => r.Version)];
    }

    /// <summary>An open sink; disposing it restores the sink that was open before.</summary>
    public sealed class Scope(ChainFoldSink sink, ChainFoldSink? previous) : IDisposable
    {
        /// <summary>The sink.</summary>
        public ChainFoldSink Sink => sink;

        /// <inheritdoc />
        public void Dispose() => Ambient.Value = previous;
    }
}
