using Atencion.EventStore.Marten.HashChain;

namespace Atencion.EventStore.Marten;

/// <summary>The least the serving role needs on Marten's schema (s3's <c>grants-minimal.sql</c>, for Quick appends), and its transaction bounds.</summary>
/// <remarks>
/// Events stay append-only for the service: it may insert into <c>mt_events</c> and <c>event_hashes</c> but never
/// update, delete or truncate them, move the sequence or change the schema. Everything is revoked first, so the result
/// is exactly this list whatever an earlier run granted.
/// </remarks>
public static class ServingRoleGrants
{
    /// <summary>
    /// How long the serving role may sit idle inside a transaction. Any open transaction holds back every async
    /// projection's high-water mark until it ends (s2 Q4; 3 s released them in the spike); a request never pauses
    /// that long between statements, so 5 s only ends a leaked or stuck transaction.
    /// </summary>
    public const string IdleInTransactionTimeout = "5s";

    /// <summary>
    /// The longest statement the serving role may run. Requests, appends and the daemon's batches take milliseconds; 30 s
    /// stops a runaway query (which would also hold the mark back) with room for the heaviest list and report queries.
    /// Long work (schema apply, upgrade) runs as the owner, which this does not bound.
    /// </summary>
    public const string StatementTimeout = "30s";

    /// <summary>The SQL the owner runs after applying the schema; names are checked identifiers.</summary>
    public static string Sql(string schema, string role) => Sql(schema, role, []);

    /// <summary>
    /// The SQL the owner runs after applying the schema, with the tables of the async projections the daemon writes
    /// (see <see cref="ProjectionTable"/>); names are checked identifiers.
    /// </summary>
    /// <remarks>
    /// The daemon runs as the serving role, so it reads and writes each projection's tables, and DELETE is the rebuild's
    /// teardown. Like the event store's schema, each projection schema is revoked first, so the result is exactly this
    /// list. A projection table in the event store's schema is refused: DELETE there would sit beside the events.
    /// </remarks>
    public static string Sql(string schema, string role, IEnumerable<ProjectionTable> projectionTables)
    {
        Identifier.Check(schema);
        Identifier.Check(role);
        var tables = projectionTables.Distinct().ToList();
        foreach (var t in tables)
        {
            Identifier.Check(t.Schema);
            Identifier.Check(t.Table);
            if (t.Schema == schema)
                throw new ArgumentException($"Projection table {t.Schema}.{t.Table} is in the event store's schema.", nameof(projectionTables));
        }
        var projections = string.Join("\n", tables.GroupBy(t => t.Schema).SelectMany(g => (string[])
        [
            $"revoke all on all tables in schema {g.Key} from {role};",
            $"grant usage on schema {g.Key} to {role};",
            .. g.Select(t => $"grant select, insert, update, delete on {t.Schema}.{t.Table} to {role};"),
        ]));
        var s = schema;
        return $"""
            revoke all on all tables in schema {s} from {role};
            revoke all on all sequences in schema {s} from {role};
            grant usage on schema {s} to {role};
            grant select, insert on {s}.mt_events to {role};
            grant update (is_archived) on {s}.mt_events to {role};                    -- ArchiveStream only
            grant select, insert on {s}.mt_streams to {role};
            grant update (version, timestamp, is_archived) on {s}.mt_streams to {role}; -- Quick append moves version and timestamp; ArchiveStream
            grant usage, select on sequence {s}.mt_events_sequence to {role};         -- nextval on append; the daemon reads it
            grant select, insert, update on {s}.mt_event_progression to {role};
            grant delete on {s}.mt_event_progression to {role};                       -- rebuilds only
            grant select on {s}.mt_event_projection_floors to {role};                 -- the daemon starts agents
            grant select, insert on {s}.mt_high_water_skips to {role};                -- when the daemon skips a hole
            grant select, insert, delete on {s}.mt_doc_deadletterevent to {role};     -- insert: dead letters; select+delete: rebuilds
            grant select, insert on {s}.{ChainTables.EventHashes} to {role};          -- the chain is append-only
            grant select, insert, update on {s}.{ChainTables.StreamHeads} to {role};  -- the head moves; ON CONFLICT DO UPDATE needs UPDATE
            {projections}
            do $$ begin
                execute format('alter role %I in database %I set idle_in_transaction_session_timeout = %L', '{role}', current_database(), '{IdleInTransactionTimeout}');
                execute format('alter role %I in database %I set statement_timeout = %L', '{role}', current_database(), '{StatementTimeout}');
            end $$;
            """;
    }
}

/// <summary>A table of an async projection that the daemon, as the serving role, reads and writes.</summary>
/// <param name="Schema">The projection's schema (<c>proj_{Name}</c>).</param>
/// <param name="Table">The table's name, unqualified.</param>
public sealed record ProjectionTable(string Schema, string Table);
