using Microsoft.Extensions.Configuration.Memory;

namespace Atencion.CaseService.Hosting;

/// <summary>
/// How the service logs: JSON lines for production (the default), or plain text for a person at a terminal
/// (<c>Logging:Format=console</c>, which ops/run sets). Per-request diagnostics of the
/// framework (request lines with their URLs, endpoint selection, SignalR transports, bearer validation) are below the
/// default level: a request's URL can carry a chat token (the hub's <c>access_token</c>), a survey token or a tracking
/// code, and none of those may reach a log line. Configuration (<c>Logging:LogLevel:…</c>) still wins over these defaults.
/// </summary>
public static class LoggingSetup
{
    /// <summary>The defaults, as the lowest-precedence configuration source.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Defaults = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        ["Logging:LogLevel:Npgsql"] = "Warning",
    };

    /// <summary>Sets the default levels and the console format.</summary>
    public static void Configure(WebApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        builder.Logging.ClearProviders();
        if (string.Equals(builder.Configuration["Logging:Format"], "console", StringComparison.OrdinalIgnoreCase))
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        else
            // No scopes: the framework's request scope carries the request's path, and a path can hold a survey token.
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = false);
    }
}
