using Atencion.CaseService.Cases;
using Atencion.Domain.Cases;

namespace Atencion.CaseService.Surveys;

/// <summary>The <c>close</c> verb's survey: an attention closed as answered is offered the survey per the entity's policy.</summary>
/// <remarks>Other reasons (withdrawn, duplicate, abandoned, conduct, tacit withdrawal) end without an attention to rate.</remarks>
public static class SurveyOnClosing
{
    public static async Task<Decision> DecideAsync(IReadOnlyList<ICaseEvent> closing, Case c, CaseCommandContext ctx)
    {
        if (closing is not [CaseClosed { Reason: CloseReason.Answered }]) return new Decision(closing);
        var offers = ctx.Http!.RequestServices.GetRequiredService<SurveyOffers>();
        var staff = c.Assignee ?? ctx.Http.User.FindFirst("sub")?.Value;
        var offered = await offers.OfferAsync(ctx.Transaction, ctx.Tenant, c, ctx.Entity.Settings, staff, ctx.Clock.Now, ctx.Ct);
        return offered is null ? new Decision(closing) : new Decision([.. closing, .. offered.Events], Survey: offered);
    }
}
