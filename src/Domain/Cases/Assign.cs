using Atencion.Domain.Calendar;
using Atencion.Domain.Common;

namespace Atencion.Domain.Cases;

/// <summary>Give the case to a staff member (chosen by staff, or by the load-balancing policy).</summary>
/// <param name="Assignee">The staff member's user id.</param>
/// <param name="Skill">The skill the case needs, if known.</param>
/// <param name="Automatic">Whether the policy chose.</param>
public sealed record Assign(string? Assignee, string? Skill, bool Automatic)
{
    /// <summary>Decides the assignment.</summary>
    public IReadOnlyList<ICaseEvent> Decide(Case c)
    {
        new Validator().Required("assignee", Assignee, 100).ThrowIfAny();
        CaseRules.NotClosed(c, "assign");
        if (c.Assignee == Assignee!.Trim()) return [];
        return [new CaseAssigned(Assignee!.Trim(), Skill, Automatic)];
    }
}
