using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace Atencion.CaseService.Jobs;

/// <summary>Hangfire's logs into the host's logging, surviving the host's disposal.</summary>
/// <remarks>
/// Hangfire keeps one log provider for the whole process (<c>LogProvider</c> is static) and asks it for loggers as it
/// goes. Two hosts in one process (the tests' nodes) share it: once the host whose logger factory it holds is disposed,
/// <c>CreateLogger</c> throws <see cref="ObjectDisposedException"/> inside every other host's Hangfire server, whose
/// workers and schedulers then stop. Here a disposed factory means no log line, not a dead server.
/// </remarks>
public sealed class HangfireLogs(ILoggerFactory factory) : ILogProvider
{
    private readonly AspNetCoreLogProvider inner = new(factory);

    public ILog GetLogger(string name)
    {
        try { return new Guarded(inner.GetLogger(name)); }
        catch (ObjectDisposedException) { return Silent.Instance; }
    }

    private sealed class Guarded(ILog log) : ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try { return log.Log(logLevel, messageFunc!, exception!); }
            catch (ObjectDisposedException) { return false; }
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
