using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Weasel.Core;

namespace Atencion.EventStore.Marten.HashChain;

/// <summary>The chain's fold of one stream as an operation in Marten's batch; it reads the rows the fold returns into a sink.</summary>
/// <remarks>
/// Queued by <see cref="HashChainProjection"/> while Marten saves, so it runs after the stream's own operations in the
/// same batch. It always returns one result set (the hashed events, possibly none), which Marten hands to
/// <see cref="PostprocessAsync"/>. <paramref name="single"/> picks the fold of exactly one event
/// (<see cref="ChainFold.SingleSql"/>), for an append that knows it stored one.
/// </remarks>
internal sealed class ChainFoldOperation(ChainFold fold, string tenant, Guid stream, ChainFoldSink? sink, bool single = false)
    : Weasel.Storage.IStorageOperation
{
    private static readonly NpgsqlDbType[] Types = [NpgsqlDbType.Bytea, NpgsqlDbType.Bytea, NpgsqlDbType.Varchar, NpgsqlDbType.Uuid];

    public void ConfigureCommand(ICommandBuilder builder, Weasel.Storage.IStorageSession session)
    {
        // No ambient sink: the session a framework saves may carry one (SessionAppends).
        sink ??= ChainFoldSink.AttachedTo(session);
        var p = builder.AppendWithDbParameters(single ? fold.SingleSql : fold.Sql);
        var arguments = fold.Arguments(tenant, stream);
        for (var i = 0; i < p.Length; i++)
        {
            ((NpgsqlParameter)p[i]).NpgsqlDbType = Types[i];
            p[i].Value = arguments[i];
        }
    }

    // Marten's own SQL operations (QueueSqlCommand) use this type: not an event operation, no document storage.
    public Type DocumentType => typeof(global::Marten.Storage.StorageFeatures);

    public async Task PostprocessAsync(DbDataReader reader, IList<Exception> exceptions, CancellationToken token)
    {
        while (await reader.ReadAsync(token))
        {
            var row = ChainFold.Read(reader);
            sink?.Add(tenant, stream, row);
        }
    }

    public OperationRole Role() => OperationRole.Other;
}
