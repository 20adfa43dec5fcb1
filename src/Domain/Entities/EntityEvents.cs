namespace Atencion.Domain.Entities;

/// <summary>Marks the events of an entity's own stream.</summary>
public interface IEntityEvent;

/// <summary>An entity's configuration was set or changed; the history shows who did it and when.</summary>
/// <param name="Settings">The whole configuration after the change.</param>
/// <param name="Changed">The top-level fields that differ from before (all of them on the first event).</param>
public sealed record EntitySettingsChanged(EntitySettings Settings, IReadOnlyList<string> Changed) : IEntityEvent;
