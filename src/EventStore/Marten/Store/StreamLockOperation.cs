using System.Data.Common;
using JasperFx.Events;
using Npgsql;
using NpgsqlTypes;
using Weasel.Core;
using Weasel.Storage;

namespace Atencion.EventStore.Marten.Store;

/// <summary>
/// The first statement of an append's batch: locks the stream's row in <c>mt_streams</c> (when the stream exists), then
/// waits for the transactions appending to the stream before this one to end (an advisory lock held to commit, which
/// takes no transaction id), so that the next appender takes a younger transaction id than the one it waited for and the
/// feed's order (transaction id, seq) keeps the stream's versions in order.
/// </summary>
/// <remarks>
/// <para>Queued before <c>SaveChangesAsync</c> and typed as an event operation, it leads Marten's batch: Marten puts event
/// operations first in the order they were queued, and the stream's own operations are queued inside
/// <c>SaveChangesAsync</c>. In the batch it costs no round trip of its own. It returns one row, which Marten skips.</para>
/// <para>Row first, advisory lock second: a case command's fetch (<c>FetchForExclusiveWriting</c>) locks the row before its
/// batch takes the advisory lock, so every appender must take them in that order, or an appender holding the advisory
/// lock and waiting for the row (Marten's append updates it) and a command holding the row and waiting for the advisory
/// lock deadlock (seen in EmailFailureTests with two nodes).</para>
/// </remarks>
internal sealed class StreamLockOperation(string schema, string tenant, Guid stream) : Weasel.Storage.IStorageOperation
{
    // The first key of the two-key advisory locks on streams, apart from the one-key locks of the migrators and Marten.
    private const int StreamLockClass = 741196;

    public void ConfigureCommand(ICommandBuilder builder, IStorageSession session)
    {
        // FOR UPDATE may not sit beside an aggregate: the innermost query locks, count(*) makes it run before the lock call.
        var p = builder.AppendWithDbParameters($"""
            select pg_advisory_xact_lock(?, hashtext(? || '/' || ?::text))
            from (select count(*) from (select 1 from {schema}.mt_streams where tenant_id = ? and id = ? for update) r) held
            """);
        ((NpgsqlParameter)p[0]).NpgsqlDbType = NpgsqlDbType.Integer;
        p[0].Value = StreamLockClass;
        ((NpgsqlParameter)p[1]).NpgsqlDbType = NpgsqlDbType.Text;
        p[1].Value = tenant;
        ((NpgsqlParameter)p[2]).NpgsqlDbType = NpgsqlDbType.Uuid;
        p[2].Value = stream;
        ((NpgsqlParameter)p[3]).NpgsqlDbType = NpgsqlDbType.Varchar;
        p[3].Value = tenant;
        ((NpgsqlParameter)p[4]).NpgsqlDbType = NpgsqlDbType.Uuid;
        p[4].Value = stream;
    }

    public Type DocumentType => typeof(IEvent);

    public Task PostprocessAsync(DbDataReader reader, IList<Exception> exceptions, CancellationToken token) => Task.CompletedTask;

    public OperationRole Role() => OperationRole.Events;
}
