using Atencion.EventStore.Marten.Store;
using Atencion.CaseService.Entities;
using Atencion.CaseService.Http;
using Atencion.CaseService.Http.OpenApi;
using Atencion.Domain.Cases;
using Atencion.EventStore;
using Atencion.EventStore.Appending;
using Atencion.Projections.Entities;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atencion.CaseService.Cases;

/// <summary>What a case command answers: the case's new version, and what the command produced.</summary>
/// <param name="Id">The case id.</param>
/// <param name="Version">The case's version after the command (its ETag).</param>
/// <param name="Status">The case's status after the command.</param>
/// <param name="Radicado">The filing number, when the command filed the case.</param>
/// <param name="TrackingCode">The code the citizen uses to look the case up, when the command filed it (shown only now).</param>
/// <param name="DueDate">The due date after the command.</param>
/// <param name="Assignee">Who has the case after the command.</param>
/// <param name="SurveyToken">When closing offered the satisfaction survey: the citizen's token (shown only now), to hand out in person.</param>
/// <param name="SurveyLink">The survey link with that token.</param>
public sealed record CaseCommandResult(Guid Id, long Version, CaseStatus Status, string? Radicado, string? TrackingCode, DateOnly? DueDate, string? Assignee,
    string? SurveyToken = null, string? SurveyLink = null);

/// <summary>What a command's decision gets besides the case: the request's entity, clock, transaction and tenant.</summary>
public sealed record CaseCommandContext(Entity Entity, CaseClock Clock, TenantId Tenant, StoreTransaction Transaction, CancellationToken Ct, HttpContext? Http = null)
{
    /// <summary>Composes the emails a decision queues (answers, referral notices).</summary>
    public required Domain.Cases.Emails.CaseEmails Emails { get; init; }
}

/// <summary>Maps <c>POST cases/{id}/{verb}</c>: bind the body, decide with the entity's clock, append, answer the new state.</summary>
public static class CaseCommandEndpoint
{
    public static RouteHandlerBuilder MapCaseCommand<TRequest>(
        this RouteGroupBuilder cases, string verb, string policy, string summary,
        Func<TRequest, Case, CaseCommandContext, Task<Decision>> decide) where TRequest : class =>
        cases.MapPost($"/{{id:guid}}/{verb}", async Task<Ok<CaseCommandResult>> (
                Guid id, TRequest request, HttpContext http, CaseCommands commands, Projections.Cases.CaseViews views,
                TimeProvider time, Domain.Cases.Emails.CaseEmails emails, CancellationToken ct) =>
            {
                var entity = TenantFilter.EntityOf(http);
                var tenant = TenantFilter.TenantOf(http);
                var clock = EntityClock.For(entity, time);
                var (result, decision) = await commands.HandleAsync(tenant, id, Versions.IfMatch(http.Request), Actor.Metadata(http, "console"),
                    (state, t, c) => decide(request, state, new CaseCommandContext(entity, clock, tenant, t, c, http) { Emails = emails }), ct);
                var view = (await views.GetAsync(tenant, id, ct))!;
                Versions.SetETag(http.Response, view.Version);
                return TypedResults.Ok(new CaseCommandResult(id, view.Version, view.Status, decision.Radicado ?? view.Radicado,
                    decision.TrackingCode, view.DueDate, view.Assignee, decision.Survey?.Token, decision.Survey?.Link));
            })
            .RequireAuthorization(policy)
            .WithSummary(summary)
            .ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).ProducesProblem(412).ProducesProblem(422)
            .AcceptsIfMatch().WithETag();

    /// <summary>Adapts a decision that needs only the case and the clock.</summary>
    public static Func<TRequest, Case, CaseCommandContext, Task<Decision>> Pure<TRequest>(Func<TRequest, Case, CaseClock, IReadOnlyList<ICaseEvent>> decide) =>
        (r, c, ctx) => Task.FromResult(new Decision(decide(r, c, ctx.Clock)));
}
