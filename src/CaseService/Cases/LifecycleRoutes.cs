using RequiredAttribute = System.ComponentModel.DataAnnotations.RequiredAttribute;
using Atencion.CaseService.Auth;
using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;
using static Atencion.CaseService.Cases.CaseCommandEndpoint;

namespace Atencion.CaseService.Cases;

/// <summary>Classify (and file) a case: <c>type</c> one of the PQRSD types, an optional <c>topic</c>, <c>priority</c> for fundamental rights at risk, <c>competent: false</c> when it must be referred to another entity.</summary>
public sealed record ClassifyRequest([Required] PqrsdType? Type, string? Topic, bool? Priority, bool? Competent = null);

/// <summary>Assign to a user, or omit <c>assignee</c> to let the load-balancing policy choose among present staff.</summary>
public sealed record AssignRequest(string? Assignee);

/// <summary>Escalate beyond first-level orientation to a skill.</summary>
public sealed record EscalateRequest([Required] string? Reason, [Required] string? Skill);

/// <summary>Refer to the competent entity.</summary>
public sealed record ReferRequest([Required] string? Entity, [Required] string? Reason);

/// <summary>Extend the term (prórroga).</summary>
public sealed record ExtendRequest([Required] string? Reason, [Required] DateOnly? NewDueDate);

/// <summary>Ask the citizen to complete the petition.</summary>
public sealed record RequestCompletionRequest([Required] string? Missing);

/// <summary>The citizen completed the petition (no fields).</summary>
public sealed record CompletedRequest;

/// <summary>The final answer and how it is sent; <c>denied</c> when it denies an information request (Ley 1712 de 2014).</summary>
public sealed record RespondRequest([Required] string? Text, [Required] Channel? Channel, bool? Denied = null);

/// <summary>Close with a reason.</summary>
public sealed record CloseRequest([Required] CloseReason? Reason, string? Note);

/// <summary>Reopen with a reason.</summary>
public sealed record ReopenRequest([Required] string? Reason);

/// <summary>The citizen's request for another month to complete the petition.</summary>
public sealed record ExtendCompletionRequest([Required] string? Reason);

/// <summary>Annul the radicado with a written justification.</summary>
public sealed record AnnulRadicadoRequest([Required] string? Justification);

/// <summary>The verbs that work a case from receipt to answer.</summary>
public static class LifecycleRoutes
{
    public static RouteGroupBuilder MapLifecycle(this RouteGroupBuilder cases)
    {
        cases.MapCaseCommand<ClassifyRequest>("classify", Roles.WorksCases,
            "Type the case as a PQRSD; any type but orientation files it (radicado) and starts its legal term.",
            async (r, c, ctx) =>
            {
                var events = new Classify(r.Type, r.Topic, r.Priority ?? false, r.Competent ?? true).Decide(c, ctx.Clock);
                if (!Classify.NeedsFiling(c, r.Type!.Value)) return new Decision(events);
                var filed = await Filing.FileAsync(ctx.Transaction, ctx.Tenant, ctx.Clock, ctx.Ct);
                return filed with { Events = [.. events, .. filed.Events] };
            });

        cases.MapCaseCommand<AssignRequest>("assign", Roles.WorksCases,
            "Assign to a user, or ({}) to the present staff member with the case's skill and the fewest open cases.",
            async (r, c, ctx) =>
            {
                var skill = SkillFor(c, ctx);
                var assignee = r.Assignee ?? await Assignment.PickAsync(ctx.Transaction, ctx.Tenant, skill, ctx.Clock.Now, ctx.Ct)
                    ?? throw new Domain.Common.RuleViolated(
                        $"Nobody with the skill '{skill ?? "any"}' is present to take the case; assign it by name or try when staff are present.", "no-staff");
                var events = new Assign(assignee, skill, r.Assignee is null).Decide(c);
                // A name is checked once it is well-formed and the case may take it: someone the entity knows, taking cases.
                if (r.Assignee is not null)
                    await Staff.KnownStaff.RequireAssignableAsync(ctx.Transaction, ctx.Tenant, r.Assignee, "assignee", ctx.Ct);
                return new Decision(events, Assignee: assignee);
            });

        cases.MapCaseCommand<EscalateRequest>("escalate", Roles.WorksCases,
            "First-level orientation exceeded: record why and hand the case to the least-loaded present staff member with the skill.",
            async (r, c, ctx) =>
            {
                var escalated = new Escalate(r.Reason, r.Skill).Decide(c, ctx.Entity.Settings.Skills);
                var skill = ((CaseEscalated)escalated[0]).Skill;
                var assignee = await Assignment.PickAsync(ctx.Transaction, ctx.Tenant, skill, ctx.Clock.Now, ctx.Ct);
                var assigned = assignee is null ? [] : new Assign(assignee, skill, true).Decide(c);
                // In a chat the citizen reads the protocol's escalation script, with the PQRSD form's link.
                IReadOnlyList<ICaseEvent> script = c.Chat is { Status: not Domain.Chat.ChatStatus.Closed }
                    ? Domain.Chat.ChatDecisions.Script(c, Guid.CreateVersion7(), ctx.Entity.Settings.Scripts.Escalation, "escalation")
                    : [];
                return new Decision([.. escalated, .. assigned, .. script], Assignee: assignee);
            });

        cases.MapCaseCommand<ReferRequest>("refer", Roles.WorksCases,
            "Not the entity's competence: refer to the competent entity (due within 5 business days of receipt) and close as referred; a citizen with an email is told by email.",
            (r, c, ctx) =>
            {
                var referred = new Refer(r.Entity, r.Reason).Decide(c, ctx.Clock);
                var target = r.Entity!.Trim();
                if (target.Equals(ctx.Entity.Tenant, StringComparison.OrdinalIgnoreCase) || target.Equals(ctx.Entity.Settings.Name, StringComparison.OrdinalIgnoreCase))
                    throw new Http.InvalidReference("entity", $"A referral goes to the competent entity; '{target}' is this entity itself.");
                return Task.FromResult(new Decision(Email.CaseEmailing.WithReferralNotice(referred, c, ctx)));
            });

        cases.MapCaseCommand<ExtendRequest>("extend", Roles.DecidesTerms,
            "Extend the term once, before it expires, to at most twice the original term from receipt (422 names the rule otherwise).",
            Pure<ExtendRequest>((r, c, clock) => new Extend(r.Reason, r.NewDueDate).Decide(c, clock)));

        cases.MapCaseCommand<RequestCompletionRequest>("request-completion", Roles.WorksCases,
            "Incomplete petition (art. 17): ask for what is missing and suspend the term; within 10 business days of filing.",
            Pure<RequestCompletionRequest>((r, c, clock) => new RequestCompletion(r.Missing).Decide(c, clock)));

        cases.MapCaseCommand<CompletedRequest>("completed", Roles.WorksCases,
            "The citizen completed the petition: the term resumes from the next business day with the days that were left.",
            Pure<CompletedRequest>((_, c, clock) => CompleteRequest.Decide(c, clock)));

        cases.MapCaseCommand<ExtendCompletionRequest>("extend-completion", Roles.WorksCases,
            "At the citizen's request, extend once by another month the time to complete the petition before tacit withdrawal.",
            Pure<ExtendCompletionRequest>((r, c, _) => new ExtendCompletionPeriod(r.Reason).Decide(c)));

        cases.MapCaseCommand<RespondRequest>("respond", Roles.WorksCases,
            "Issue the final answer; the view shows respondedAt, respondedOnTime and responseBusinessDays; denied=true records a denial of an information request (Ley 1712). A citizen with an email gets the answer by email (queued with it).",
            (r, c, ctx) => Task.FromResult(new Decision(Email.CaseEmailing.WithAnswerEmail(new Respond(r.Text, r.Channel, r.Denied ?? false).Decide(c, ctx.Clock), c, ctx))));

        cases.MapCaseCommand<CloseRequest>("close", Roles.WorksCases,
            "Close with a reason: answered, withdrawn, tacit-withdrawal (after a month awaiting completion), duplicate, abandoned, conduct. Closing as answered offers the satisfaction survey per the entity's policy (surveyToken, surveyLink).",
            (r, c, ctx) => Surveys.SurveyOnClosing.DecideAsync(new Close(r.Reason, r.Note).Decide(c, ctx.Clock), c, ctx));

        cases.MapCaseCommand<AnnulRadicadoRequest>("annul-radicado", Roles.Supervises,
            "Annul the radicado with a written justification that stays in the history (supervisor); classifying again files with a new number.",
            Pure<AnnulRadicadoRequest>((r, c, _) => new AnnulRadicado(r.Justification).Decide(c)));

        cases.MapCaseCommand<ReopenRequest>("reopen", Roles.Supervises,
            "Reopen a closed case (supervisor).",
            Pure<ReopenRequest>((r, c, _) => new Reopen(r.Reason).Decide(c)));
        return cases;
    }

    private static string? SkillFor(Case c, CaseCommandContext ctx) => c.NeededSkill(ctx.Entity.Settings.TopicRouting ?? new Dictionary<string, string>());
}
