using Atencion.EventStore.Appending;
using Atencion.EventStore.Marten;
using Atencion.EventStore.Marten.Store;

namespace Atencion.EventStore.Tests.Marten;

/// <summary>Builds the Marten-backed store of the fixture, as the serving role, with the given inline projections.</summary>
internal static class StoreOnMarten
{
    public static readonly TenantId Tenant = new("tenant-a");
    public static readonly EventMetadata Who = new("ana", "advisor", "citizen-7", "phone", Guid.NewGuid(), Guid.NewGuid());

    public static MartenEventStore Create(MartenFixture f, params IInlineProjection[] inline) =>
        new(f.Store, f.AppSource, new MartenSettings(f.Types, f.ChainKey), inline);
}
