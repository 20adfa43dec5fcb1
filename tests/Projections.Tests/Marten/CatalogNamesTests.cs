using Atencion.EventStore.Marten;

namespace Atencion.Projections.Tests.Marten;

/// <summary>The product's whole registry maps into Marten: a stored name never depends on a CLR name (issue 14).</summary>
public sealed class CatalogNamesTests
{
    [Fact]
    public void Every_event_of_the_catalog_is_stored_by_marten_under_its_catalog_name()
    {
        var catalog = EventCatalog.Create();
        // No connection is opened: the mapping is configuration.
        using var store = AtencionMarten.CreateStore("Host=127.0.0.1;Database=unused", new MartenSettings(catalog, new byte[32]));
        var events = (global::Marten.Events.EventGraph)store.Options.Events;

        // Every stream's events are there: cases, entities, turns, the access log.
        Assert.Contains(typeof(Atencion.Domain.Cases.NoteAdded), catalog.Names.Keys);
        Assert.Contains(typeof(Atencion.Domain.Entities.EntitySettingsChanged), catalog.Names.Keys);
        Assert.Contains(catalog.Names.Keys, t => typeof(Atencion.Domain.Turns.ITurnEvent).IsAssignableFrom(t));
        Assert.Contains(catalog.Names.Keys, t => typeof(Atencion.Domain.Audit.IAccessLogEvent).IsAssignableFrom(t));
        Assert.All(catalog.Names, pair => Assert.Equal(pair.Value, events.EventMappingFor(pair.Key).EventTypeName));
    }
}
