using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;

namespace Atencion.CaseService.Http;

/// <summary>
/// The anonymous routes' limits: one fixed-window bucket per route family, entity and client address, so that a citizen
/// busy at one entity (or on its form) is not refused at another (or on its chat). Behind an entity's reverse proxy or CDN
/// every citizen arrives from the proxy's address: the client's own is taken from <c>X-Forwarded-For</c>, but only when
/// the request comes from a configured trusted proxy, or anyone could pick a fresh bucket for every request.
/// </summary>
public static class PublicRateLimits
{
    /// <summary>The web form (<c>POST pqrsd</c>).</summary>
    public const string Form = "form";

    /// <summary>The status page (<c>GET pqrsd/{radicado}</c>).</summary>
    public const string Status = "status";

    /// <summary>The chat's availability and start.</summary>
    public const string Chat = "chat";

    /// <summary>Reading and answering a satisfaction survey.</summary>
    public const string Surveys = "surveys";

    /// <summary>The kiosk's turns, the board and the board hub's negotiate request.</summary>
    public const string Turns = "turns";

    /// <summary>Every family, each configurable as <c>RateLimits:Families:{family}:PerMinute</c>.</summary>
    public static readonly IReadOnlyList<string> Families = [Form, Status, Chat, Surveys, Turns];

    /// <summary>The rate-limiting policy of a family (for <c>RequireRateLimiting</c>).</summary>
    public static string Policy(string family) => $"public-{family}";

    private const string PolicyPrefix = "public-";

    /// <summary>Registers one policy per family and the forwarded-headers options that say whose X-Forwarded-For is believed.</summary>
    public static void AddPublicRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var fallback = configuration.GetValue("RateLimits:PublicPerMinute", 30);
        var limits = Families.ToDictionary(f => f, f => configuration.GetValue($"RateLimits:Families:{f}:PerMinute", fallback));
        services.AddRateLimiter(o =>
        {
            foreach (var (family, perMinute) in limits)
                o.AddPolicy(Policy(family), http => RateLimitPartition.GetFixedWindowLimiter(
                    (family, Tenant(http), ClientAddress(http)),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) }));
            // The mail gateway's route: per entity, not per address (docs/email.md).
            Inbound.InboundRateLimit.AddInboundEmailPolicy(o, configuration);
            o.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                var policyName = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
                if (policyName == Inbound.InboundRateLimit.Policy)
                {
                    var (wait, why) = Inbound.InboundRateLimit.Rejection(context.Lease, configuration);
                    http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    http.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                    {
                        HttpContext = http, ProblemDetails = { Status = 429, Title = "Too many requests.", Detail = why },
                    });
                    return;
                }
                var family = policyName is { } policy
                    && policy.StartsWith(PolicyPrefix, StringComparison.Ordinal) ? policy[PolicyPrefix.Length..] : "public";
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? (int)Math.Ceiling(retry.TotalSeconds) : 60;
                seconds = Math.Max(seconds, 1);
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = 429, Title = "Too many requests.",
                        Detail = $"At most {limits.GetValueOrDefault(family, fallback)} requests a minute from one address to this entity's '{family}' routes; try again in {seconds} seconds.",
                    },
                });
            };
        });

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            // Only configured proxies are believed (not the loopback the framework trusts by default), and a chain of them
            // (a CDN in front of the entity's proxy) is walked back to the first address none of them vouches for.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            o.ForwardLimit = null;
            foreach (var proxy in Values(configuration, "ForwardedHeaders:KnownProxies"))
                o.KnownProxies.Add(IPAddress.TryParse(proxy, out var ip) ? ip
                    : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies holds '{proxy}', which is not an IP address."));
            foreach (var network in Values(configuration, "ForwardedHeaders:KnownNetworks"))
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var n) ? n
                    : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks holds '{network}', which is not a network in CIDR notation (10.0.0.0/8)."));
        });
    }

    // A list in configuration is either children (KnownProxies:0, KnownProxies:1, as JSON arrays and environment variables
    // give) or one comma-separated value (as a command-line switch gives most easily).
    private static IEnumerable<string> Values(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        // A section with children reads as "" (not null) in some providers.
        var values = section.Value is { Length: > 0 } one ? one.Split(',') : section.GetChildren().Select(c => c.Value ?? "");
        return values.Select(v => v.Trim()).Where(v => v.Length > 0);
    }

    private static string Tenant(HttpContext http) =>
        (http.Request.RouteValues["tenant"] as string)?.ToLowerInvariant() ?? "";

    // After the forwarded-headers middleware: the proxy's address, or the client's when a trusted proxy forwarded it.
    private static string ClientAddress(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : "unknown";
}
