using Atencion.EventStore;
using Atencion.Projections.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Marten.Events.Projections;
using Weasel.Core;

namespace Atencion.Projections.Marten;

/// <summary>
/// Registers one of our <see cref="IAsyncProjection"/>s with Marten's async daemon: the adapter that runs it, its live
/// tables, the shadow tables a rebuild fills (emptied, DELETE, when Marten rebuilds the projection) and its control row,
/// all as schema objects of the event store.
/// </summary>
/// <remarks>
/// Marten collects the schema objects of registered projections that are <see cref="IProjectionSchemaSource"/>s, not of
/// the plain projection a wrapper holds, so the wrapper is the source (s2 Q2). The shard is <c>{Name}:All</c>. Marten's
/// rebuild replays into the shadow tables while the live ones keep serving; <see cref="ProjectionSupervisor"/> copies them
/// over in one transaction when the replay is done (blue/green without the owner's rights).
/// </remarks>
public sealed class AsyncProjectionSource : ProjectionWrapper<IDocumentOperations, IQuerySession>, IProjectionSchemaSource
{
    /// <summary>Wraps a projection whose tables live in <paramref name="schema"/> (<c>proj_{Name}</c> unless given); a rebuild fills <c>{schema}_next</c>.</summary>
    public AsyncProjectionSource(IAsyncProjection projection, EventTypeRegistry types, string? schema = null)
        : this(Build(projection, schema), types) { }

    private AsyncProjectionSource((ProjectionTables Live, ProjectionTables Shadow, ProjectionControl Control) tables, EventTypeRegistry types)
        : base(new AsyncProjectionAdapter(tables.Live.Projection, types, tables.Live.Schema, tables.Shadow.Schema, tables.Control.Table), ProjectionLifecycle.Async)
    {
        Tables = tables.Live;
        Shadow = tables.Shadow;
        Control = tables.Control;
        Name = tables.Live.Projection.Name;
        foreach (var table in Shadow.Names) Options.DeleteDataInTableOnTeardown(table.QualifiedName);
    }

    /// <summary>The live schema of a projection registered without an explicit schema: <c>proj_{name}</c>.</summary>
    public static string LiveSchema(string name) => $"proj_{name}";

    private static (ProjectionTables, ProjectionTables, ProjectionControl) Build(IAsyncProjection projection, string? schema)
    {
        var live = new ProjectionTables(projection, schema ?? LiveSchema(projection.Name));
        return (live, new ProjectionTables(projection, $"{live.Schema}_next"), new ProjectionControl(live));
    }

    /// <summary>The projection run.</summary>
    public IAsyncProjection Projection => Tables.Projection;

    /// <summary>The projection's live tables, which readers query.</summary>
    public ProjectionTables Tables { get; }

    /// <summary>The tables a rebuild replays into before they replace the live ones.</summary>
    public ProjectionTables Shadow { get; }

    /// <summary>The projection's control row.</summary>
    public ProjectionControl Control { get; }

    /// <summary>Marten's shard of the projection.</summary>
    public string ShardName => $"{Name}:All";

    /// <inheritdoc />
    public IEnumerable<ISchemaObject> CreateSchemaObjects(EventGraph events) => [Tables, Shadow, Control];
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

    /// <summary>
    /// Adds every projection in their live schemas: the one registration the service's store and the owner's schema apply
    /// share, so the tables created and the grants given are those of the projections the daemon runs.
    /// </summary>
    public static void AddAtencionAsync(this StoreOptions opts, IEnumerable<IAsyncProjection> projections, EventTypeRegistry types)
    {
        var all = projections.ToList();
        foreach (var p in all)
            if (!IsName(p.Name)) throw new ArgumentException($"Projection name '{p.Name}' must be 1–40 lowercase letters, digits or underscores, starting with a letter.");
        if (all.Select(p => p.Name).Distinct().Count() != all.Count) throw new ArgumentException("Two projections have the same name.");
        foreach (var p in all) opts.AddAtencionAsync(p, types);
    }

    /// <summary>Our projections registered on a store, in registration order.</summary>
    public static IReadOnlyList<AsyncProjectionSource> AtencionSources(this StoreOptions opts) =>
        opts.Projections.All.OfType<AsyncProjectionSource>().ToList();

    private static bool IsName(string s) =>
        s.Length is > 0 and <= 40 && s[0] is >= 'a' and <= 'z' && s.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');
}
