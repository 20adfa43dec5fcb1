using RequiredAttribute = System.ComponentModel.DataAnnotations.RequiredAttribute;
using Atencion.CaseService.Cases;
using Atencion.Domain.Attention;
using Atencion.Domain.Cases;
using Atencion.Domain.Common;

namespace Atencion.CaseService.Attention;

/// <summary>Where a citizen whose matter is not the entity's competence was sent.</summary>
/// <param name="Entity">The competent entity or office.</param>
/// <param name="Note">What the citizen was told.</param>
public sealed record OrientationRequest([Required] string? Entity, string? Note);

/// <summary>Opens a phone or in-person case with its attention outcome: competence (full citizen data) or orientation elsewhere.</summary>
public static class AttentionOpening
{
    /// <summary>The opening events, with every field error of the case and of the outcome reported at once.</summary>
    public static IReadOnlyList<ICaseEvent> Decide(OpenCase command, OpenCaseRequest request, CaseClock clock, bool outcomeRequired)
    {
        var outcome = new AttentionOutcome(request.Competent, request.Orientation?.Entity, request.Orientation?.Note);
        var v = new Validator();
        IReadOnlyList<ICaseEvent> opening = [];
        try { opening = command.Decide(clock); }
        catch (ValidationFailed failed)
        {
            foreach (var (field, messages) in failed.Errors) foreach (var m in messages) v.Add(field, m);
        }
        outcome.Validate(v, command.Channel, command.Citizen?.Normalized(), outcomeRequired);
        v.ThrowIfAny();
        return [.. opening, .. outcome.Decide()];
    }
}
