using System.Net.Sockets;
using Atencion.CaseService.Http;
using Npgsql;

namespace Atencion.CaseService.Tests.Http;

public sealed class StoreOutageTests
{
    [Theory]
    [InlineData("57P01")] // admin_shutdown: the server is stopping (ops/db stop, pg_terminate_backend)
    [InlineData("57P02")] // crash_shutdown
    [InlineData("57P03")] // cannot_connect_now: starting up or in recovery
    [InlineData("53300")] // too_many_connections
    [InlineData("08006")] // connection_failure
    public void A_server_going_away_or_not_ready_is_an_outage(string sqlState) =>
        Assert.True(StoreOutage.Is(new PostgresException("gone", "FATAL", "FATAL", sqlState)));

    [Theory]
    [InlineData("23505")] // unique_violation
    [InlineData("40001")] // serialization_failure: transient, but the database answered
    [InlineData("42501")] // insufficient_privilege
    public void An_error_about_the_statement_is_not_an_outage(string sqlState) =>
        Assert.False(StoreOutage.Is(new PostgresException("no", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void A_refused_or_reset_connection_is_an_outage_even_when_wrapped()
    {
        Assert.True(StoreOutage.Is(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(StoreOutage.Is(new InvalidOperationException("wrapped", new NpgsqlException("reset", new IOException("reset by peer")))));
        Assert.False(StoreOutage.Is(new InvalidOperationException("a bug")));
    }
}
