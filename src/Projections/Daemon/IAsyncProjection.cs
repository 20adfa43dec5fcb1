using Atencion.EventStore;
using Npgsql;

namespace Atencion.Projections.Daemon;

/// <summary>A read model Marten's async daemon builds from the event log (see <c>Atencion.Projections.Marten</c>).</summary>
/// <remarks>
/// Its tables live in their own schema (<c>proj_{Name}</c> when live). Marten runs exactly one agent per projection across
/// all nodes (HotCold), and the rows commit with Marten's progress in the daemon's transaction. A rebuild replays into a
/// shadow schema (<c>proj_{Name}_next</c>) whose rows replace the live ones when it is done. A projection therefore always
/// qualifies its tables with <see cref="ProjectionWrite.Schema"/> and never assumes which schema that is.
/// </remarks>
public interface IAsyncProjection
{
    /// <summary>The projection's name: lowercase letters, digits and underscores (it names the schema and Marten's shard).</summary>
    string Name { get; }

    /// <summary>The DDL that creates its tables (and indexes) in the given schema, which already exists and is empty.</summary>
    string CreateTablesSql(string schema);

    /// <summary>Applies a batch of events in log order through the daemon's transaction.</summary>
    Task ApplyAsync(IReadOnlyList<RecordedEvent> events, ProjectionWrite write, CancellationToken ct);
}

/// <summary>Where and how a projection writes one batch: the daemon's transaction and the schema of the build being written.</summary>
/// <param name="Connection">The daemon's connection.</param>
/// <param name="Transaction">The batch's transaction; Marten's progress commits in it too.</param>
/// <param name="Schema">The schema holding the tables being written (the live one, or a rebuild's).</param>
public sealed record ProjectionWrite(NpgsqlConnection Connection, NpgsqlTransaction Transaction, string Schema)
{
    /// <summary>A command bound to the batch's transaction.</summary>
    public NpgsqlCommand Command(string sql) => new(sql, Connection, Transaction);
}
