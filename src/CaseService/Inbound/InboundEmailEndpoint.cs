using System.Text.Json;
using Atencion.CaseService.Http;
using Atencion.CaseService.Http.OpenApi;
using Atencion.Domain.Common;
using Atencion.EventStore;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Atencion.CaseService.Inbound;

/// <summary><c>POST /api/{tenant}/inbound/email</c>: the mail gateway delivers a parsed email, signed with the entity's secret.</summary>
public static class InboundEmailEndpoint
{
    /// <summary>
    /// The largest request body read: one 10 MB attachment in base64 (13.4 MB) with the email's text fits, several attachments
    /// must share it. Most mail servers refuse a message this large anyway, and each request in progress may hold this much.
    /// </summary>
    public const long MaxBody = 15 * 1024 * 1024;

    /// <summary>Registers the feature's services.</summary>
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<InboundSignature>();
        services.AddSingleton<InboundMailbox>();
    }

    /// <summary>Maps the route: anonymous as far as bearer tokens go (the signature authenticates), under the tenant filter like the rest.</summary>
    public static RouteGroupBuilder MapInbound(this RouteGroupBuilder api)
    {
        api.MapPost("/inbound/email", Receive).WithTags("Inbound email (mail gateway)").AllowAnonymous()
            .Accepts<InboundEmailRequest>("application/json")
            .WithSummary("A parsed email from the mail gateway, signed with X-Atencion-Timestamp and X-Atencion-Signature (HMAC-SHA256 of " +
                "timestamp + \".\" + body with the entity's secret). A reply (our reply address or a radicado in the subject) threads into its case (200); " +
                "anything else opens a case on the email channel (201); a Message-ID already stored answers 200 with the same case.")
            .ProducesValidationProblem().ProducesProblem(401).ProducesProblem(404).ProducesProblem(413).ProducesProblem(415).ProducesProblem(429)
            .WithRequestHeader(InboundSignature.TimestampHeader, "Unix seconds when the gateway signed; at most five minutes from the service's clock.", required: true)
            .WithRequestHeader(InboundSignature.SignatureHeader, "sha256=<hex>: HMAC-SHA256 of timestamp + \".\" + body with the entity's secret.", required: true)
            .RequireRateLimiting(InboundRateLimit.Policy);
        return api;
    }

    /// <summary>
    /// Refuses what the headers already condemn (no secret, unsigned, a malformed signature, a stale timestamp: 401; a
    /// Content-Length over <see cref="MaxBody"/>: 413) without reading the body; then reads the body, at most
    /// <see cref="MaxBody"/>, hashing it as it arrives; authenticates it; validates the email and threads or opens (see
    /// <see cref="InboundMailbox"/>).
    /// </summary>
    public static async Task<Results<Created<InboundEmailAccepted>, Ok<InboundEmailAccepted>, ProblemHttpResult>> Receive(
        HttpContext http, InboundSignature signatures, InboundMailbox mailbox, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider time,
        CancellationToken ct)
    {
        var tenant = TenantFilter.TenantOf(http);
        string? timestamp = http.Request.Headers[InboundSignature.TimestampHeader], signature = http.Request.Headers[InboundSignature.SignatureHeader];
        var (key, expected, refusal) = signatures.Precheck(tenant.Value, timestamp, signature);
        if (key is null) return Unauthorized(http, refusal!);
        ReadOnlyMemory<byte> body;
        using (var hmac = InboundSignature.Start(key, timestamp!))
        {
            body = await BoundedBody.ReadAsync(http.Request, MaxBody, hmac, ct);
            if (!InboundSignature.Matches(hmac, expected!))
                return Unauthorized(http, "The signature does not match the body and timestamp for this entity's secret.");
        }

        if (!http.Request.HasJsonContentType())
            throw new BadHttpRequestException("Send the body as application/json.", StatusCodes.Status415UnsupportedMediaType);
        var request = Parse(body, json.Value.SerializerOptions);
        var v = new Validator();
        var email = request.ToCommand(v);
        v.ThrowIfAny();
        email.CheckAttachments();

        var metadata = new EventMetadata("inbound-email", "citizen", null, "email", Actor.CorrelationId(http));
        var clock = Entities.EntityClock.For(TenantFilter.EntityOf(http), time);
        var (accepted, created) = await mailbox.ReceiveAsync(tenant, email, request.ThreadIds(), metadata, clock, ct);
        return created
            ? TypedResults.Created($"/api/{tenant}/cases/{accepted.CaseId}", accepted)
            : TypedResults.Ok(accepted);
    }

    private static ProblemHttpResult Unauthorized(HttpContext http, string detail)
    {
        http.Response.Headers.WWWAuthenticate = "Signature realm=\"inbound-email\", headers=\"X-Atencion-Timestamp X-Atencion-Signature\"";
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "The inbound email is not authenticated.");
    }

    private static InboundEmailRequest Parse(ReadOnlyMemory<byte> body, JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.Deserialize<InboundEmailRequest>(body.Span, options)
                ?? throw new BadHttpRequestException("The body must be a JSON object with the parsed email.", StatusCodes.Status400BadRequest);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("The body is not valid JSON.", StatusCodes.Status400BadRequest, e);
        }
    }
}
