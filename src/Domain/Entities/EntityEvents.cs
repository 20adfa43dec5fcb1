namespace Atencion.Domain.Entities;

/// <summary>Marks the events of an entity's own stream.</summary>
public interface IEntityEvent;

/// <summary>An entity's configuration was set or changed; the history shows who did it and when.</summary>
/// <param name="Settings">The whole configuration after the change.</param>
/// <param name="Changed">The top-level fields that differ from before (all of them on the first event).</param>
public sealed record EntitySettingsChanged(EntitySettings Settings, IReadOnlyList<string> Changed) : IEntityEvent;

/// <summary>A staff member was registered (or changed) with the skills that route cases to them.</summary>
/// <param name="UserId">The user id in the tokens the entity's issuer signs.</param>
/// <param name="Name">The person's name.</param>
/// <param name="Skills">Their skills (lawyer, technician, first-level …), from the entity's list.</param>
/// <param name="Active">Whether they still take cases.</param>
/// <param name="Email">Where staff notices reach them (absent in events recorded before emails existed).</param>
/// <param name="Supervisor">Whether they get the entity's supervisor alerts.</param>
public sealed record StaffMemberRegistered(string UserId, string Name, IReadOnlyList<string> Skills, bool Active, string? Email = null, bool Supervisor = false) : IEntityEvent;
