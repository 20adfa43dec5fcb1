using JasperFx;
using Marten.Exceptions;
using Npgsql;

namespace Atencion.EventStore.Marten.Store;

/// <summary>Recognises Marten's ways of saying that a stream was not at the expected version.</summary>
/// <remarks>
/// A stale or too-high version throws <c>EventStreamUnexpectedMaxEventIdException</c> (a <see cref="ConcurrencyException"/>),
/// a duplicate <c>StartStream</c> <see cref="ExistingStreamIdCollisionException"/>; a unique or foreign key violation
/// from the database (two creators racing, a version on a missing stream) means the same. After any of them our
/// transaction may be aborted, so the caller reads the actual version elsewhere and the transaction is not reused.
/// </remarks>
internal static class ConflictTranslation
{
    public static bool IsConflict(Exception e) => e switch
    {
        ConcurrencyException or ExistingStreamIdCollisionException => true,
        PostgresException p => p.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation,
        { InnerException: { } inner } => IsConflict(inner),
        _ => false,
    };
}
