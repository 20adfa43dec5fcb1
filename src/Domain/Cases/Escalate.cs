using Atencion.Domain.Calendar;
using Atencion.Domain.Common;

namespace Atencion.Domain.Cases;

/// <summary>First-level orientation is exceeded: the case needs another skill.</summary>
/// <param name="Reason">Why.</param>
/// <param name="Skill">The skill needed.</param>
public sealed record Escalate(string? Reason, string? Skill)
{
    /// <summary>Decides the escalation (the caller then reassigns by the new skill).</summary>
    public IReadOnlyList<ICaseEvent> Decide(Case c, IReadOnlyCollection<string> skills)
    {
        var v = new Validator().Required("reason", Reason, 2_000).Required("skill", Skill, 60);
        if (Skill is not null && !skills.Contains(Skill.Trim())) v.Add("skill", $"'{Skill}' is not one of the entity's skills: {string.Join(", ", skills)}.");
        v.ThrowIfAny();
        CaseRules.NotClosed(c, "escalate");
        CaseRules.NotAnswered(c, "escalate");
        return [new CaseEscalated(Reason!.Trim(), Skill!.Trim())];
    }
}
