using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Atencion.CaseService.Http.OpenApi;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c>: one transformer per concern, so that the document passes Redocly's recommended rules and a strict TypeScript client can be generated from it.</summary>
public static class AtencionOpenApi
{
    /// <summary>What the tags group; Redocly wants every tag described.</summary>
    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Cases"] = "Contacts registered as cases, their PQRSD lifecycle, notes, documents, history and integrity (staff).",
        ["Entity settings"] = "The entity's configuration, one stream per entity (admin).",
        ["Staff"] = "Staff registration, load and presence.",
        ["PQRSD (citizens)"] = "The citizens' web form and status page (anonymous, rate-limited).",
        ["Jobs"] = "What the scheduler will do next.",
        ["Indicators"] = "Indicators over a period (control entities, supervisors, auditors).",
        ["Reports"] = "Reports as JSON, or CSV with Accept: text/csv.",
        ["Audit"] = "Cases of a period with their integrity (auditor).",
        ["Chat"] = "The citizens' chat: availability, start, messages and protocol. The hub /hubs/chat is described in docs/chat.md.",
        ["Turns"] = "Kiosk turns for in-person attention.",
        ["Surveys (citizens)"] = "Satisfaction surveys answered with the citizen's token.",
        ["Inbound email (mail gateway)"] = "Emails received by the mail gateway, signed with the entity's secret.",
        ["Admin"] = "The platform operator's projection administration (outside any tenant).",
    };

    /// <summary>Registers the document with its transformers.</summary>
    public static IServiceCollection AddAtencionOpenApi(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddDocumentTransformer(Describe);
        o.AddOperationTransformer(OperationIds.Transform);
        o.AddOperationTransformer(PathParameters.Transform);
        o.AddDocumentTransformer(SecurityRequirements.AddSchemes);
        o.AddOperationTransformer(SecurityRequirements.Transform);
        o.AddOperationTransformer(ProblemResponses.Transform);
        o.AddOperationTransformer(HttpHeaders.Transform);
        o.AddOperationTransformer(CsvResponses.Transform);
        o.AddDocumentTransformer(RequiredRequestFields.Transform);
    });

    private static Task Describe(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info.Title = "Atención";
        document.Info.Description = "Citizen attention cases for Colombian public entities. Every route but the operator's is under /api/{tenant}. " +
            "Conventions (tenancy, versions, errors, JSON) are in docs/api.md; the real-time hubs /hubs/chat and /hubs/turns, which OpenAPI cannot describe, " +
            "in docs/chat.md and docs/channels.md.";
        // The generator writes the request's base with a trailing slash; paths already start with one.
        foreach (var server in document.Servers ?? [])
            if (server.Url is { Length: > 1 } url && url.EndsWith('/')) server.Url = url.TrimEnd('/');
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description)) tag.Description = description;
        return Task.CompletedTask;
    }
}
