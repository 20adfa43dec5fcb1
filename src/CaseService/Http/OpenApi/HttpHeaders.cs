using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Atencion.CaseService.Http.OpenApi;

/// <summary>A request header an endpoint reads from the request itself (so the generator cannot see it).</summary>
public sealed record RequestHeader(string Name, string Description, bool Required = false);

/// <summary>Marks an endpoint that answers the stream's version as the <c>ETag</c> of its success responses.</summary>
public sealed record AnswersETag;

/// <summary>Declares the headers the handlers read and write by hand: <c>If-Match</c> and other request headers from <see cref="RequestHeader"/>
/// metadata, <c>ETag</c> on the success responses of endpoints marked <see cref="AnswersETag"/>, <c>Location</c> on every 201 (they all come from
/// <c>TypedResults.Created</c>) and <c>Retry-After</c> on 429 and 503.</summary>
public static class HttpHeaders
{
    public const string IfMatchDescription = "The version you read (its ETag, e.g. \"3\"): when the stream has moved on the answer is 412 and nothing is appended. " +
        "Without it, commands that commute are decided again on the fresh state.";

    /// <summary>The endpoint reads <c>If-Match</c> (<see cref="Versions.IfMatch"/>) and may answer 412.</summary>
    public static TBuilder AcceptsIfMatch<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestHeader("If-Match", IfMatchDescription));

    /// <summary>The endpoint sets <c>ETag</c> to the stream's version (<see cref="Versions.SetETag"/>).</summary>
    public static TBuilder WithETag<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AnswersETag());

    /// <summary>The endpoint reads a request header by hand.</summary>
    public static TBuilder WithRequestHeader<TBuilder>(this TBuilder builder, string name, string description, bool required = false) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestHeader(name, description, required));

    public static Task Transform(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        foreach (var header in metadata.OfType<RequestHeader>())
        {
            operation.Parameters ??= [];
            if (operation.Parameters.Any(p => p.In == ParameterLocation.Header && string.Equals(p.Name, header.Name, StringComparison.OrdinalIgnoreCase))) continue;
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name,
                In = ParameterLocation.Header,
                Required = header.Required,
                Description = header.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        var etag = metadata.OfType<AnswersETag>().Any();
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse r) continue;
            if (etag && status.StartsWith('2'))
                Add(r, "ETag", "The stream's version after this request, e.g. \"3\"; send it back as If-Match.");
            if (status == "201")
                Add(r, "Location", "The created resource.");
            if (status is "429" or "503")
                Add(r, "Retry-After", "Seconds to wait before trying again.", JsonSchemaType.Integer);
        }
        return Task.CompletedTask;
    }

    private static void Add(OpenApiResponse response, string name, string description, JsonSchemaType type = JsonSchemaType.String)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers.TryAdd(name, new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } });
    }
}
