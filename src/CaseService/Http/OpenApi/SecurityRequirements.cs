using Atencion.CaseService.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Atencion.CaseService.Http.OpenApi;

/// <summary>The two bearer tokens (staff, and the citizen's chat token) as security schemes, and each operation's requirement read from its
/// authorization metadata: anonymous routes say <c>security: []</c>, routes whose policy admits the citizen take either token.</summary>
public static class SecurityRequirements
{
    /// <summary>The staff's JWT (claims sub, role, tenant).</summary>
    public const string Staff = "staffToken";

    /// <summary>The citizen's chat token (role citizen, claims tenant and case), answered by <c>POST chats</c>.</summary>
    public const string ChatToken = "chatToken";

    public static Task AddSchemes(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Staff] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A staff member's token, HMAC-signed, with the claims sub, role and tenant (the tenant must equal the path's {tenant}); see docs/api.md.",
        };
        document.Components.SecuritySchemes[ChatToken] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The citizen's chat token answered by POST /api/{tenant}/chats (role citizen, claims tenant and case): opens that case's chat routes only.",
        };
        return Task.CompletedTask;
    }

    public static Task Transform(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        operation.Security = [];
        if (metadata.OfType<IAllowAnonymous>().Any()) return Task.CompletedTask;
        var roles = metadata.OfType<IAuthorizeData>()
            .SelectMany(a => (a.Policy is { } p && Roles.Policies.TryGetValue(p, out var r) ? r : []).Concat(a.Roles?.Split(',') ?? []))
            .ToHashSet();
        if (roles.Count == 0 && !metadata.OfType<IAuthorizeData>().Any()) return Task.CompletedTask;
        if (roles.Count == 0 || roles.Any(r => r != Roles.Citizen)) operation.Security.Add(Requirement(Staff, context.Document));
        if (roles.Contains(Roles.Citizen)) operation.Security.Add(Requirement(ChatToken, context.Document));
        return Task.CompletedTask;
    }

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument? document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };

    /// <summary>Whether the operation takes a token (a 403 is then possible).</summary>
    public static bool Secured(OpenApiOperation operation) => operation.Security is { Count: > 0 };
}
