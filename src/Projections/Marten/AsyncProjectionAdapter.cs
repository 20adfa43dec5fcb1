using Atencion.EventStore;
using Atencion.Projections.Daemon;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Marten.Services;
using Npgsql;

namespace Atencion.Projections.Marten;

/// <summary>Runs one of our <see cref="IAsyncProjection"/>s as a batch projection of Marten's async daemon.</summary>
/// <remarks>
/// Marten calls <see cref="ApplyAsync"/> once per tenant of a daemon batch. The adapter only registers a transaction
/// participant: Marten runs it in the batch's transaction after its own statements (the progress update among them) and
/// before COMMIT, so the projection's rows and Marten's progress commit or roll back together (s2 Q1). Reads through
/// <see cref="IDocumentOperations"/> would run on another connection, which is why the projection gets the batch's.
/// </remarks>
public sealed class AsyncProjectionAdapter(IAsyncProjection projection, EventTypeRegistry types, string schema) : IProjection
{
    /// <summary>The projection run.</summary>
    public IAsyncProjection Projection { get; } = projection;

    /// <summary>The schema its tables live in.</summary>
    public string Schema { get; } = schema;

    /// <inheritdoc />
    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var recorded = MartenRecordedEvents.From(events, types);
        if (recorded.Count == 0) return Task.CompletedTask;
        // The daemon's session re-declares AddTransactionParticipant with `new`: only the interface reaches the batch's.
        if (operations is not ITransactionParticipantRegistrar registrar)
            throw new InvalidOperationException($"{operations.GetType()} takes no transaction participants; {Projection.Name} cannot run on it.");
        registrar.AddTransactionParticipant(new Participant(Projection, recorded, Schema));
        return Task.CompletedTask;
    }

    private sealed class Participant(IAsyncProjection projection, IReadOnlyList<RecordedEvent> events, string schema) : ITransactionParticipant
    {
        // Marten may run it again on a new connection after a failed commit: our projections re-read their rows in the
        // transaction they are given, so a retry is safe.
        public Task BeforeCommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken token) =>
            projection.ApplyAsync(events, new ProjectionWrite(connection, transaction, schema), token);
    }
}
