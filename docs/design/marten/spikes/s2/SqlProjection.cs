using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Marten.Events.Projections;
using Npgsql;
using Weasel.Core;
using Weasel.Postgresql.Tables;

namespace Spike;

/// <summary>What our IAsyncProjection becomes: a batch of events (one tenant at a time), applied through the daemon's own
/// connection and transaction, the one that also carries the mt_event_progression update.</summary>
public interface ISqlProjection
{
    string Name { get; }
    IReadOnlyList<Table> Tables { get; }
    Task ApplyAsync(IReadOnlyList<IEvent> events, NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct);
}

/// <summary>Marten's batch-level IProjection. Called once per tenant group of a daemon batch; registers a transaction
/// participant that runs after Marten's own pages (incl. the progress UPDATE) and before COMMIT.</summary>
public sealed class SqlProjectionAdapter(ISqlProjection inner) : IProjection
{
    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        // ProjectionDocumentSession hides the base method with `new`, so go through the interface.
        if (operations is not ITransactionParticipantRegistrar registrar)
            throw new InvalidOperationException($"{operations.GetType()} cannot take transaction participants");
        registrar.AddTransactionParticipant(new Participant(inner, events.ToArray()));
        return Task.CompletedTask;
    }

    private sealed class Participant(ISqlProjection inner, IEvent[] events) : ITransactionParticipant
    {
        // May run more than once (Marten retries a failed commit on a fresh connection): it recomputes from the DB each time.
        public Task BeforeCommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken token) =>
            inner.ApplyAsync(events, connection, transaction, token);
    }
}

/// <summary>The registration: a ProjectionWrapper that also hands Marten the projection's tables (so db-apply /
/// ApplyAllConfiguredChangesToDatabaseAsync / AutoCreate create and migrate them) and declares them for teardown on rebuild.</summary>
public sealed class SqlProjectionSource : ProjectionWrapper<IDocumentOperations, IQuerySession>, IProjectionSchemaSource
{
    private readonly ISqlProjection _inner;

    public SqlProjectionSource(ISqlProjection inner) : base(new SqlProjectionAdapter(inner), ProjectionLifecycle.Async)
    {
        _inner = inner;
        Name = inner.Name;
        foreach (var t in inner.Tables) Options.DeleteDataInTableOnTeardown(t.Identifier.QualifiedName);
    }

    public IEnumerable<ISchemaObject> CreateSchemaObjects(EventGraph events) => _inner.Tables;
}
