using Npgsql;

namespace Atencion.EventStore;

/// <summary>Builds the data source the store is meant to run on.</summary>
public static class EventStoreDataSource
{
    /// <summary>A pooled data source that skips the per-return session reset.</summary>
    /// <remarks>
    /// Npgsql resets a pooled connection's session state (the commands of DISCARD ALL, minus DEALLOCATE) when it is
    /// returned; appends rent a connection per call, so that reset would run once per append. Nothing in this service
    /// leaves session state behind (no SET, no temporary tables; subscriptions UNLISTEN before returning their
    /// connection), so the reset is skipped. Statements run again and again on a connection (the append's lock, Marten's
    /// quick append, the chain's fold, the read-back) are prepared automatically after their second use, which spares
    /// PostgreSQL planning the fold's statement on every append. Measured in docs/benchmarks.md.
    /// </remarks>
    public static NpgsqlDataSource Create(string connectionString) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true, MaxAutoPrepare = 50, AutoPrepareMinUsages = 2 });
}
