using System.Data.Common;
using JasperFx.Events;
using Npgsql;
using NpgsqlTypes;
using Weasel.Core;
using Weasel.Storage;

namespace Atencion.EventStore.Marten.Store;

/// <summary>
/// The first statement of an append's batch: waits for the transactions appending to the stream before this one to end
/// (an advisory lock held to commit, which takes no transaction id), so that the next appender takes a younger
/// transaction id than the one it waited for and the feed's order (transaction id, seq) keeps the stream's versions in order.
/// </summary>
/// <remarks>
/// Queued before <c>SaveChangesAsync</c> and typed as an event operation, it leads Marten's batch: Marten puts event
/// operations first in the order they were queued, and the stream's own operations are queued inside
/// <c>SaveChangesAsync</c>. In the batch it costs no round trip of its own. It returns one row, which Marten skips.
/// </remarks>
internal sealed class StreamLockOperation(string tenant, Guid stream) : Weasel.Storage.IStorageOperation
{
    // The first key of the two-key advisory locks on streams, apart from the one-key locks of the migrators and Marten.
    private const int StreamLockClass = 741196;

    public void ConfigureCommand(ICommandBuilder builder, IStorageSession session)
    {
        var p = builder.AppendWithDbParameters("select pg_advisory_xact_lock(?, hashtext(? || '/' || ?::text))");
        ((NpgsqlParameter)p[0]).NpgsqlDbType = NpgsqlDbType.Integer;
        p[0].Value = StreamLockClass;
        ((NpgsqlParameter)p[1]).NpgsqlDbType = NpgsqlDbType.Text;
        p[1].Value = tenant;
        ((NpgsqlParameter)p[2]).NpgsqlDbType = NpgsqlDbType.Uuid;
        p[2].Value = stream;
    }

    public Type DocumentType => typeof(IEvent);

    public Task PostprocessAsync(DbDataReader reader, IList<Exception> exceptions, CancellationToken token) => Task.CompletedTask;

    public OperationRole Role() => OperationRole.Events;
}
