using Atencion.CaseService.Auth;
using Atencion.CaseService.Http.OpenApi;

namespace Atencion.CaseService.Cases;

public static class CaseRoutes
{
    /// <summary>Maps the case routes under <c>/api/{tenant}</c>.</summary>
    public static RouteGroupBuilder MapCases(this RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases").WithTags("Cases");
        cases.MapPost("/", OpenCaseEndpoint.Handle).RequireAuthorization(Roles.WorksCases)
            .WithSummary("Register a contact (phone, in person, email, web, chat) as a new case.").ProducesValidationProblem().WithETag();
        cases.MapGet("/", ListCasesEndpoint.Handle).RequireAuthorization(Roles.ReadsCases)
            .WithSummary("The console's list: filter by status, type, topic, channel, assignee, radicado, q (name or ID), overdue, from/to; paged.")
            .ProducesValidationProblem();
        cases.MapGet("/{id:guid}", GetCaseEndpoint.Handle).RequireAuthorization(Roles.ReadsCases)
            .WithSummary("The case view; ?version= or ?asOf= for its state at that point.").ProducesProblem(404).WithETag();
        cases.MapGet("/{id:guid}/history", HistoryEndpoint.Handle).RequireAuthorization(Roles.ReadsHistory)
            .WithSummary("Every event of the case with metadata and hash (auditor, supervisor).").ProducesProblem(404);
        cases.MapGet("/{id:guid}/integrity", IntegrityEndpoint.Handle).RequireAuthorization(Roles.Audits)
            .WithSummary("Recompute the case's hash chain (auditor).").ProducesProblem(404);
        cases.MapPost("/{id:guid}/notes", NotesEndpoint.Handle).RequireAuthorization(Roles.WorksCases)
            .WithSummary("Add an internal note; If-Match: \"<version>\" for optimistic concurrency.")
            .ProducesValidationProblem().ProducesProblem(404).ProducesProblem(412).AcceptsIfMatch().WithETag();
        cases.MapLifecycle();
        cases.MapDocuments();
        return api;
    }
}
