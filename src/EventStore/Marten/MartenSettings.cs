namespace Atencion.EventStore.Marten;

/// <summary>What the Marten store of the service needs to know: its event names and JSON, the chain key and its schema.</summary>
/// <param name="Types">The product's event registry (<c>EventCatalog.Create()</c>): its names become Marten's stored <c>type</c> names.</param>
/// <param name="ChainKey">The hash chain's HMAC key; held by the service, never stored in the database.</param>
public sealed record MartenSettings(EventTypeRegistry Types, byte[] ChainKey)
{
    /// <summary>The schema of Marten's tables and our chain tables; apart from today's <c>atencion</c> schema.</summary>
    public string SchemaName { get; init; } = DefaultSchema;

    /// <summary>The schema of Marten's event tables and the chain's side tables unless configured otherwise.</summary>
    public const string DefaultSchema = "atencion_es";

    /// <summary>Readers of names and shapes no longer written: each turns an old stored payload into a current record (docs/event-store.md).</summary>
    public IReadOnlyList<global::Marten.Services.Json.Transformations.IEventUpcaster> Upcasters { get; init; } = [];

    /// <summary>The clock that stamps each event's <c>timestamp</c> (Marten's <c>Events.TimeProvider</c>); tests inject a fake one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
