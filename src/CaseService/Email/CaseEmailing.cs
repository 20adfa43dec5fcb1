using Atencion.CaseService.Cases;
using Atencion.Domain.Cases;

namespace Atencion.CaseService.Email;

/// <summary>Adds the emails a case verb owes the citizen to that verb's own events, so they commit together or not at all.</summary>
public static class CaseEmailing
{
    /// <summary>The answer's events plus the answer by email, when the citizen gave an email.</summary>
    public static IReadOnlyList<ICaseEvent> WithAnswerEmail(IReadOnlyList<ICaseEvent> decided, Case c, CaseCommandContext ctx) =>
        decided.OfType<ResponseIssued>().FirstOrDefault() is { } response
        && ctx.Emails.Response(ctx.Tenant.Value, ctx.Entity.Settings.Name, c, response.Text) is { } email
            ? [.. decided, email]
            : decided;

    /// <summary>The referral's events plus the notice telling the citizen which entity now handles the request and why.</summary>
    public static IReadOnlyList<ICaseEvent> WithReferralNotice(IReadOnlyList<ICaseEvent> decided, Case c, CaseCommandContext ctx) =>
        decided.OfType<CaseReferred>().FirstOrDefault() is { } referral
        && ctx.Emails.Referral(ctx.Tenant.Value, ctx.Entity.Settings.Name, c, referral) is { } email
            ? [.. decided, email]
            : decided;
}
