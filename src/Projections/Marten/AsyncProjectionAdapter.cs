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
/// While a rebuild runs (the control row's <c>rebuild_started_at</c>) the batch goes to the shadow tables.
/// A projection that throws fails the whole batch, which Marten retries every few seconds and never skips; the event it
/// throws on is found under savepoints and written to the control row on a connection of its own (the batch rolls back).
/// </remarks>
public sealed class AsyncProjectionAdapter(IAsyncProjection projection, EventTypeRegistry types, string schema, string shadowSchema, string controlTable) : IProjection
{
    /// <summary>
    /// The appending transaction and chain link of a page of events, by sequence number (<c>@seqs</c>): read for every page
    /// the daemon hands an async projection, through <c>event_hashes</c>' index on <c>seq_id</c>.
    /// </summary>
    public static readonly string LinksSql =
        $"select seq_id, tx_id::text, hash from {EventStore.Marten.MartenSettings.DefaultSchema}.event_hashes where seq_id = any(@seqs)";

    /// <summary>The projection run.</summary>
    public IAsyncProjection Projection { get; } = projection;

    /// <summary>The schema its live tables live in.</summary>
    public string Schema { get; } = schema;

    /// <inheritdoc />
    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var recorded = MartenRecordedEvents.From(events, types);
        if (recorded.Count == 0) return Task.CompletedTask;
        // The daemon's session re-declares AddTransactionParticipant with `new`: only the interface reaches the batch's.
        if (operations is not ITransactionParticipantRegistrar registrar)
            throw new InvalidOperationException($"{operations.GetType()} takes no transaction participants; {Projection.Name} cannot run on it.");
        var dataSource = (operations as IQuerySession)?.Database is global::Marten.Storage.MartenDatabase db ? db.DataSource : null;
        registrar.AddTransactionParticipant(new Participant(this, recorded, dataSource));
        return Task.CompletedTask;
    }

    /// <summary>Connection trouble (a killed session, a restart, a timeout), as opposed to a fault of the projection itself.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        PostgresException pg => pg.SqlState.StartsWith("57", StringComparison.Ordinal) || pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected,
        NpgsqlException => true,
        TimeoutException => true,
        OperationCanceledException => true,
        _ => false,
    };

    private sealed class Participant(AsyncProjectionAdapter adapter, IReadOnlyList<RecordedEvent> batch, NpgsqlDataSource? dataSource) : ITransactionParticipant
    {
        private IReadOnlyList<RecordedEvent> events = batch;

        // Marten may run it again on a new connection after a failed commit: our projections re-read their rows in the
        // transaction they are given, so a retry is safe.
        public async Task BeforeCommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken token)
        {
            bool rebuilding;
            await using (var read = new NpgsqlCommand($"select rebuild_started_at is not null from {adapter.ControlTable} where name = @name", connection, transaction))
            {
                read.Parameters.AddWithValue("name", adapter.Projection.Name);
                rebuilding = await read.ExecuteScalarAsync(token) is true;
            }
            var write = new ProjectionWrite(connection, transaction, rebuilding ? adapter.ShadowSchema : adapter.Schema);
            events = await WithTransactionsAsync(connection, transaction, events, token);
            await ExecAsync(connection, transaction, "savepoint atencion_apply", token);
            try
            {
                await adapter.Projection.ApplyAsync(events, write, token);
            }
            catch (Exception e) when (!IsTransient(e) && !token.IsCancellationRequested)
            {
                await ExecAsync(connection, transaction, "rollback to savepoint atencion_apply", token);
                var (failing, error) = await FindFailingAsync(write, token);
                await ExecAsync(connection, transaction, "rollback to savepoint atencion_apply", token);
                await RecordFaultAsync(connection, failing ?? events[0], error ?? e, rebuilding, token);
                throw;
            }
        }

        /// <summary>
        /// The events with their appending transaction and chain link from <c>event_hashes</c>, which Marten's events do
        /// not carry: folds tell events appended together from later ones by it (an email that opened a case and one
        /// threaded into it later, in the case facts and the contact register).
        /// </summary>
        private static async Task<IReadOnlyList<RecordedEvent>> WithTransactionsAsync(
            NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordedEvent> events, CancellationToken token)
        {
            var links = new Dictionary<long, (ulong TxId, byte[] Hash)>(events.Count);
            await using (var cmd = new NpgsqlCommand(LinksSql, connection, transaction))
            {
                cmd.Parameters.Add(new NpgsqlParameter<long[]>("seqs", [.. events.Select(e => e.Seq)]));
                await using var r = await cmd.ExecuteReaderAsync(token);
                while (await r.ReadAsync(token)) links[r.GetInt64(0)] = (ulong.Parse(r.GetString(1)), r.GetFieldValue<byte[]>(2));
            }
            return [.. events.Select(e => links.TryGetValue(e.Seq, out var l) ? e with { TxId = l.TxId, Hash = l.Hash } : e)];
        }

        /// <summary>Applies the events one by one under savepoints, up to the first that throws.</summary>
        private async Task<(RecordedEvent?, Exception?)> FindFailingAsync(ProjectionWrite write, CancellationToken token)
        {
            foreach (var e in events)
            {
                await ExecAsync(write.Connection, write.Transaction, "savepoint atencion_one", token);
                try
                {
                    await adapter.Projection.ApplyAsync([e], write, token);
                    await ExecAsync(write.Connection, write.Transaction, "release savepoint atencion_one", token);
                }
                catch (Exception error) when (!IsTransient(error) && !token.IsCancellationRequested)
                {
                    return (e, error);
                }
            }
            return (null, null);
        }

        /// <summary>Outside the batch's transaction, which rolls back: the fault must outlive it.</summary>
        private async Task RecordFaultAsync(NpgsqlConnection batch, RecordedEvent e, Exception error, bool rebuilding, CancellationToken token)
        {
            try
            {
                await using var conn = dataSource is not null ? await dataSource.OpenConnectionAsync(token) : (NpgsqlConnection)((ICloneable)batch).Clone();
                if (conn.State != System.Data.ConnectionState.Open) await conn.OpenAsync(token);
                await using var cmd = new NpgsqlCommand($"""
                    update {adapter.ControlTable} set last_error = @error, error_seq = @seq, error_event_type = @type,
                        faulted_at = case when error_seq is not distinct from @seq then coalesce(faulted_at, now()) else now() end
                    where name = @name
                    """, conn);
                cmd.Parameters.AddWithValue("name", adapter.Projection.Name);
                cmd.Parameters.AddWithValue("error", $"{(rebuilding ? "rebuild: " : "")}{error.GetType().Name}: {error.Message}");
                cmd.Parameters.AddWithValue("seq", e.Seq);
                cmd.Parameters.AddWithValue("type", e.EventType);
                await cmd.ExecuteNonQueryAsync(token);
            }
            catch (Exception recording) when (IsTransient(recording)) { /* the batch fails anyway and is retried; so is this */ }
        }

        private static async Task ExecAsync(NpgsqlConnection c, NpgsqlTransaction tx, string sql, CancellationToken token)
        {
            await using var cmd = new NpgsqlCommand(sql, c, tx);
            await cmd.ExecuteNonQueryAsync(token);
        }
    }

    private string ShadowSchema { get; } = shadowSchema;

    private string ControlTable { get; } = controlTable;
}
