using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Atencion.CaseService.Inbound;

/// <summary>
/// The rate limit of <c>POST inbound/email</c>, per entity (the mail gateway posts from one address for every entity, so
/// the client address would be one bucket for all): at most <c>RateLimits:InboundEmailPerMinute</c> requests a minute
/// and <c>RateLimits:InboundEmailConcurrent</c> at once (the rest wait in a short queue). It runs before the endpoint,
/// so requests with invented signatures count too and are refused before any byte of their body is read.
/// </summary>
public static class InboundRateLimit
{
    /// <summary>The policy name the route requires.</summary>
    public const string Policy = "inbound-email";

    /// <summary>Requests a minute per entity when not configured.</summary>
    public const int DefaultPerMinute = 60;

    /// <summary>Requests in progress at once per entity when not configured: each may hold up to <see cref="InboundEmailEndpoint.MaxBody"/> in memory.</summary>
    public const int DefaultConcurrent = 4;

    /// <summary>Adds the policy with the configured limits.</summary>
    public static void AddInboundEmailPolicy(this RateLimiterOptions options, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("RateLimits:InboundEmailPerMinute", DefaultPerMinute);
        var concurrent = configuration.GetValue("RateLimits:InboundEmailConcurrent", DefaultConcurrent);
        options.AddPolicy(Policy, http => RateLimitPartition.Get(
            http.Request.RouteValues["tenant"]?.ToString() ?? "",
            _ => RateLimiter.CreateChained(
                new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) }),
                new ConcurrencyLimiter(new ConcurrencyLimiterOptions
                {
                    PermitLimit = concurrent, QueueLimit = 4 * concurrent, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                }))));
    }

    /// <summary>How long the refused gateway should wait, and why it was refused.</summary>
    public static (TimeSpan RetryAfter, string Detail) Rejection(RateLimitLease lease, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("RateLimits:InboundEmailPerMinute", DefaultPerMinute);
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? (retryAfter, $"At most {perMinute} inbound emails a minute for one entity; try again in {Math.Ceiling(retryAfter.TotalSeconds):0} seconds.")
            : (TimeSpan.FromSeconds(5), "Too many inbound emails of this entity are being received at once; try again in a few seconds.");
    }
}
