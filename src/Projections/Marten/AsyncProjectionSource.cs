using Atencion.EventStore;
using Atencion.Projections.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Marten.Events.Projections;
using Weasel.Core;

namespace Atencion.Projections.Marten;

/// <summary>
/// Registers one of our <see cref="IAsyncProjection"/>s with Marten's async daemon: the adapter that runs it, and its
/// tables as schema objects of the event store, emptied (DELETE) when Marten rebuilds the projection.
/// </summary>
/// <remarks>
/// Marten collects the schema objects of registered projections that are <see cref="IProjectionSchemaSource"/>s, not of
/// the plain projection a wrapper holds, so the wrapper is the source (s2 Q2). The shard is <c>{Name}:All</c>.
/// </remarks>
public sealed class AsyncProjectionSource : ProjectionWrapper<IDocumentOperations, IQuerySession>, IProjectionSchemaSource
{
    /// <summary>Wraps a projection whose tables live in <paramref name="schema"/> (today's live schema, <c>proj_{Name}</c>, unless given).</summary>
    public AsyncProjectionSource(IAsyncProjection projection, EventTypeRegistry types, string? schema = null)
        : this(new ProjectionTables(projection, schema ?? ProjectionSchemas.Live(projection.Name)), types) { }

    private AsyncProjectionSource(ProjectionTables tables, EventTypeRegistry types)
        : base(new AsyncProjectionAdapter(tables.Projection, types, tables.Schema), ProjectionLifecycle.Async)
    {
        Tables = tables;
        Name = tables.Projection.Name;
        foreach (var table in tables.Names) Options.DeleteDataInTableOnTeardown(table.QualifiedName);
    }

    /// <summary>The projection's tables.</summary>
    public ProjectionTables Tables { get; }

    /// <inheritdoc />
    public IEnumerable<ISchemaObject> CreateSchemaObjects(EventGraph events) => [Tables];
}

/// <summary>Registering our async projections on a Marten store.</summary>
public static class AtencionMartenProjections
{
    /// <summary>Adds an <see cref="IAsyncProjection"/> to Marten's async daemon through <see cref="AsyncProjectionSource"/>.</summary>
    public static AsyncProjectionSource AddAtencionAsync(this StoreOptions opts, IAsyncProjection projection, EventTypeRegistry types, string? schema = null)
    {
        var source = new AsyncProjectionSource(projection, types, schema);
        opts.Projections.Add(source, ProjectionLifecycle.Async);
        return source;
    }
}
