using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Atencion.CaseService.Http.OpenApi;

/// <summary>The problem responses every route can give besides those its mapping declares (docs/api.md): 401 for a missing or broken token
/// (anonymous routes included), 403 for a role the route does not admit, 404 for an unknown entity or another tenant's, 400 for a malformed
/// body, query or header, 412 for a stale If-Match, 429 from the rate limiter, 503 while the database is unreachable.</summary>
public static class ProblemResponses
{
    public static Task Transform(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var responses = operation.Responses ??= new OpenApiResponses();
        var parameters = operation.Parameters ?? [];
        if (operation.RequestBody is not null || parameters.Any(p => p.In is ParameterLocation.Query or ParameterLocation.Header))
            Add(responses, context, "400", "The request is not valid; `errors` lists the invalid fields.", "HttpValidationProblemDetails");
        if (SecurityRequirements.Secured(operation))
        {
            Add(responses, context, "401", "No token, or one that is invalid, expired or lacks a claim (WWW-Authenticate says why).");
            Add(responses, context, "403", "The token's role is not admitted by this route (allowedRoles lists those that are).");
        }
        else
            Add(responses, context, "401", "A token was sent but is invalid, expired or lacks a claim: a broken credential is never taken for an anonymous caller.");
        if ((context.Description.RelativePath ?? "").StartsWith("api/{tenant}", StringComparison.Ordinal))
        {
            Add(responses, context, "404", "No such entity for this caller (or no such resource).");
            Add(responses, context, "503", "The service cannot reach its database; nothing was recorded half-way. Retry-After says when to try again.");
        }
        if (metadata.OfType<RequestHeader>().Any(h => h.Name == "If-Match"))
            Add(responses, context, "412", "The If-Match version is stale: currentVersion says the stream's version; nothing was appended.");
        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
            Add(responses, context, "429", "Too many requests from this address; Retry-After says when to try again.");
        return Task.CompletedTask;
    }

    private static void Add(OpenApiResponses responses, OpenApiOperationTransformerContext context, string status, string description, string schema = "ProblemDetails")
    {
        if (responses.ContainsKey(status)) return;
        responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(schema, context.Document) },
            },
        };
    }
}
