using Atencion.Domain.Cases;
using Atencion.Domain.Entities;
using Atencion.EventStore;

namespace Atencion.Projections;

/// <summary>Every event type of the service, registered under its short name.</summary>
public static class EventCatalog
{
    /// <summary>The stream type of a case.</summary>
    public const string CaseStream = "case";

    /// <summary>The stream type of an entity's configuration.</summary>
    public const string EntityStream = "entity";

    /// <summary>The stream type of a kiosk turn.</summary>
    public const string TurnStream = "turn";

    /// <summary>A registry of all event types with the service's JSON convention.</summary>
    public static EventTypeRegistry Create() => new EventTypeRegistry(AtencionJson.Create())
        .RegisterAllImplementing<ICaseEvent>()
        .RegisterAllImplementing<IEntityEvent>()
        .RegisterAllImplementing<Domain.Turns.ITurnEvent>()
        .RegisterAllImplementing<Atencion.Domain.Audit.IAccessLogEvent>();

    /// <summary>The Marten store's readers of names and shapes no longer written (issue 14; today's store reads none of them).</summary>
    public static IReadOnlyList<global::Marten.Services.Json.Transformations.IEventUpcaster> Upcasters() =>
        [new Evolution.CaseNoteAddedUpcaster()];
}
