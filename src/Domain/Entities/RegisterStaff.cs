using Atencion.Domain.Common;

namespace Atencion.Domain.Entities;

/// <summary>An admin registers a staff member and their skills.</summary>
/// <param name="UserId">The user id.</param>
/// <param name="Name">The person's name.</param>
/// <param name="Skills">Their skills.</param>
/// <param name="Active">Whether they take cases (default true).</param>
public sealed record RegisterStaff(string? UserId, string? Name, IReadOnlyList<string>? Skills, bool? Active)
{
    /// <summary>Decides the registration against the entity's skills.</summary>
    public IReadOnlyList<IEntityEvent> Decide(EntitySettings settings)
    {
        var v = new Validator().Required("userId", UserId, 100).Required("name", Name, 200);
        foreach (var skill in Skills ?? [])
            if (!settings.Skills.Contains(skill)) v.Add("skills", $"'{skill}' is not one of the entity's skills: {string.Join(", ", settings.Skills)}.");
        v.ThrowIfAny();
        return [new StaffMemberRegistered(UserId!.Trim(), Name!.Trim(), (Skills ?? []).Distinct().ToList(), Active ?? true)];
    }
}
