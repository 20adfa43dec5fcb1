using Atencion.Domain.Cases;
using Atencion.EventStore.Appending;
using Atencion.Projections;
using Wolverine;
using Wolverine.Persistence.Durability;
using Wolverine.RDBMS;
using Wolverine.Runtime;

namespace Atencion.CaseService.Email;

/// <summary>
/// Publishes a <see cref="SendEmail"/> for every <see cref="EmailQueued"/> appended to a case, through Wolverine's
/// durable outbox enlisted in the append's own transaction.
/// </summary>
/// <remarks>
/// Registered as an inline projection, so every path that appends an email (a verb, the deadline sweep, a survey offer,
/// the supervisors' alert) enrolls its message without remembering to. The envelope row is written to Wolverine's
/// incoming table on our <see cref="Npgsql.NpgsqlTransaction"/>, so it commits with the event or not at all; after the
/// commit <see cref="TransactionOutbox.CommittedAsync"/> hands it to the local queue. A node that dies in between
/// leaves the envelope in the table, and Wolverine's durability agent runs it later (on this node after a restart, or on
/// another once this one is found dead).
/// </remarks>
public sealed class EmailMessages(IWolverineRuntime runtime, ILogger<EmailMessages> log) : IInlineProjection
{
    public bool Handles(string streamType) => streamType == EventCatalog.CaseStream;

    public async Task ApplyAsync(AppendContext context, CancellationToken ct)
    {
        foreach (var e in context.Events)
        {
            if (e.Data is not EmailQueued queued) continue;
            var store = context.Store ?? throw new InvalidOperationException("An email can only be queued inside a store transaction.");
            var outbox = store.Participant(t => new TransactionOutbox(runtime, t.Transaction!, log));
            await outbox.Bus.PublishAsync(new SendEmail(context.Tenant.Value, context.StreamId, queued.EmailId));
        }
    }

    /// <summary>A Wolverine message context whose outbox is one store transaction; flushed once that transaction commits.</summary>
    private sealed class TransactionOutbox : ICommitParticipant
    {
        private readonly MessageContext _context;
        private readonly ILogger _log;

        public TransactionOutbox(IWolverineRuntime runtime, Npgsql.NpgsqlTransaction transaction, ILogger log)
        {
            var database = runtime.Storage as IMessageDatabase
                ?? throw new InvalidOperationException($"Wolverine's message store is {runtime.Storage.GetType().Name}, not a database: the email outbox needs PostgreSQL storage.");
            _context = new MessageContext(runtime);
            // Not disposed here: disposing it would dispose our transaction, which the store owns.
            _context.EnlistInOutbox(new DatabaseEnvelopeTransaction(database, transaction));
            _log = log;
        }

        public IMessageBus Bus => _context;

        public async Task CommittedAsync(CancellationToken ct)
        {
            try
            {
                await _context.FlushOutgoingMessagesAsync();
            }
            catch (Exception e)
            {
                // The envelopes committed; the durability agent sends what this flush could not.
                _log.LogWarning(e, "Handing committed email messages to Wolverine failed; its durability agent will recover them");
            }
        }
    }
}
