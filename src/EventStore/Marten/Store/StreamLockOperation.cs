using System.Data.Common;
using JasperFx.Events;
using Npgsql;
using NpgsqlTypes;
using Weasel.Core;
using Weasel.Storage;

namespace Atencion.EventStore.Marten.Store;

/// <summary>
/// The first statement of the batch of an append without an expected version (<see cref="ExpectedVersion.Any"/>): locks the
/// stream's row in <c>mt_streams</c>, when the stream exists, until the commit, so that such appenders to one stream queue
/// instead of colliding, and take their sequence numbers in version order.
/// </summary>
/// <remarks>
/// <para>Queued before <c>SaveChangesAsync</c> and typed as an event operation, it leads Marten's batch: Marten puts event
/// operations first in the order they were queued, and the stream's own operations are queued inside
/// <c>SaveChangesAsync</c>. In the batch it costs no round trip of its own. It returns one row, which Marten skips.</para>
/// <para>The same lock a case command's fetch takes (<c>FetchForExclusiveWriting</c>) and Marten's append function takes
/// for an append at an expected version (<c>UseExclusiveLockOnConcurrentAppends</c>), and the only one: every appender
/// waits on the row first, so none holds one lock while waiting for another (an advisory lock taken after the row
/// deadlocked against Marten's row update in EmailFailureTests' two nodes). Marten's function does not lock without an
/// expected version, hence this operation. Two appenders creating one stream find no row to lock; the second fails on
/// Marten's unique key and is a conflict, as before.</para>
/// <para>Not Marten's <c>AppendExclusive</c>: it reads the version in a round trip of its own before the batch, and it
/// refuses a stream that does not exist yet, where an append at any version (the read log's daily stream) creates it.</para>
/// </remarks>
internal sealed class StreamLockOperation(string schema, string tenant, Guid stream) : Weasel.Storage.IStorageOperation
{
    public void ConfigureCommand(ICommandBuilder builder, IStorageSession session)
    {
        // FOR UPDATE may not sit beside an aggregate: the inner query locks, count(*) returns the one row Marten expects.
        var p = builder.AppendWithDbParameters(
            $"select count(*) from (select 1 from {schema}.mt_streams where tenant_id = ? and id = ? for update) held");
        ((NpgsqlParameter)p[0]).NpgsqlDbType = NpgsqlDbType.Varchar;
        p[0].Value = tenant;
        ((NpgsqlParameter)p[1]).NpgsqlDbType = NpgsqlDbType.Uuid;
        p[1].Value = stream;
    }

    public Type DocumentType => typeof(IEvent);

    public Task PostprocessAsync(DbDataReader reader, IList<Exception> exceptions, CancellationToken token) => Task.CompletedTask;

    public OperationRole Role() => OperationRole.Events;
}
