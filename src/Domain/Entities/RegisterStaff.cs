using Atencion.Domain.Common;

namespace Atencion.Domain.Entities;

/// <summary>An admin registers a staff member and their skills.</summary>
/// <param name="UserId">The user id.</param>
/// <param name="Name">The person's name.</param>
/// <param name="Skills">Their skills.</param>
/// <param name="Active">Whether they take cases (default true).</param>
/// <param name="Email">Where staff notices (deadline warnings, delivery failures) reach them, if given.</param>
/// <param name="Supervisor">Whether they supervise the entity's service and get its alerts (default false).</param>
public sealed record RegisterStaff(string? UserId, string? Name, IReadOnlyList<string>? Skills, bool? Active, string? Email = null, bool? Supervisor = null)
{
    /// <summary>Decides the registration against the entity's skills.</summary>
    public IReadOnlyList<IEntityEvent> Decide(EntitySettings settings)
    {
        var v = new Validator().Required("userId", UserId, 100).Required("name", Name, 200).Email("email", Email, required: false);
        foreach (var skill in Skills ?? [])
            if (!settings.Skills.Contains(skill)) v.Add("skills", $"'{skill}' is not one of the entity's skills: {string.Join(", ", settings.Skills)}.");
        v.ThrowIfAny();
        return [new StaffMemberRegistered(UserId!.Trim(), Name!.Trim(), (Skills ?? []).Distinct().ToList(), Active ?? true,
            string.IsNullOrWhiteSpace(Email) ? null : Email.Trim(), Supervisor ?? false)];
    }
}
