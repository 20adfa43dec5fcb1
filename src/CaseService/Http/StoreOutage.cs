using System.Net.Sockets;
using Npgsql;

namespace Atencion.CaseService.Http;

/// <summary>
/// Recognises a failure to reach PostgreSQL, as opposed to a fault of the request or of the service: the connection refused,
/// reset or timed out, the pool exhausted, the server shutting down or not yet accepting connections. Such a request is
/// answered 503 with Retry-After; every command commits whole or not at all, so nothing is left half-written.
/// </summary>
public static class StoreOutage
{
    /// <summary>How long a client is asked to wait: Npgsql opens fresh connections as soon as the server answers again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>True when the exception, or one it wraps, says the database could not be reached.</summary>
    public static bool Is(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // A server error is about the statement unless it says the server itself is going away or not ready.
                case PostgresException p:
                    return p.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
                        || p.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                            or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections;
                // Refused, reset, timed out (IsTransient covers the socket, I/O and timeout causes).
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                    return true;
            }
        }
        return false;
    }
}
