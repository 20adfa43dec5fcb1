using Atencion.EventStore;
using Npgsql;

namespace Atencion.Projections.Daemon;

/// <summary>A read model the projection daemon builds from the global feed (Marten's async projection).</summary>
/// <remarks>
/// Its tables live in their own schema (<c>proj_{Name}</c> when live). The daemon runs exactly one runner per projection
/// across all nodes, writes the rows and the checkpoint in one transaction, and rebuilds by replaying into a fresh schema
/// that replaces the live one when caught up. A projection therefore always qualifies its tables with
/// <see cref="ProjectionWrite.Schema"/> and never assumes which schema that is.
/// </remarks>
public interface IAsyncProjection
{
    /// <summary>The projection's name: lowercase letters, digits and underscores (it names the schema and the checkpoint).</summary>
    string Name { get; }

    /// <summary>The DDL that creates its tables (and indexes) in the given schema, which already exists and is empty.</summary>
    string CreateTablesSql(string schema);

    /// <summary>Applies a batch of events in feed order through the daemon's transaction.</summary>
    Task ApplyAsync(IReadOnlyList<RecordedEvent> events, ProjectionWrite write, CancellationToken ct);
}

/// <summary>Where and how a projection writes one batch: the daemon's transaction and the schema of the build being written.</summary>
/// <param name="Connection">The daemon's connection.</param>
/// <param name="Transaction">The batch's transaction; the checkpoint commits in it too.</param>
/// <param name="Schema">The schema holding the tables being written (the live one, or a rebuild's).</param>
public sealed record ProjectionWrite(NpgsqlConnection Connection, NpgsqlTransaction Transaction, string Schema)
{
    /// <summary>A command bound to the batch's transaction.</summary>
    public NpgsqlCommand Command(string sql) => new(sql, Connection, Transaction);
}
