using Atencion.EventStore.Appending;

namespace Atencion.EventStore;

/// <summary>How an <see cref="Marten.Store.MartenEventStore"/> is wired: serialization, clock, inline projections, notification.</summary>
public sealed class EventStoreOptions
{
    /// <summary>The registry of event types and their JSON options.</summary>
    public required EventTypeRegistry Types { get; init; }

    /// <summary>The clock that stamps <c>recorded_at</c>; tests inject a fake one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Read models updated in the append's own transaction.</summary>
    public IReadOnlyList<IInlineProjection> InlineProjections { get; init; } = [];

    /// <summary>The secret key of the hash chain (HMAC-SHA-256). Keep it out of the database; with no key the chain is still a chain, but anyone who can write rows can recompute it.</summary>
    public byte[] ChainKey { get; init; } = [];
}
