using Atencion.EventStore.Marten;
using Atencion.Projections;

namespace Atencion.CaseService.Hosting;

/// <summary>The service's settings for its Marten event store: the product's registry and the chain key the service holds.</summary>
public static class MartenSetup
{
    /// <summary>The hash chain's key from configuration (<c>Integrity:ChainKey</c>, <c>ATENCION_CHAIN_KEY_FILE</c>, <c>Integrity:ChainKeyFile</c>).</summary>
    public static byte[] ChainKey(IConfiguration config) =>
        ConfiguredKey.Read(config, "Integrity:ChainKey", "ATENCION_CHAIN_KEY_FILE", "Integrity:ChainKeyFile", "hash chain key");

    /// <summary>Marten's settings with every event type of the product under its catalog name, and the readers of older names.</summary>
    public static MartenSettings Settings(byte[] chainKey, TimeProvider? time = null) =>
        new(EventCatalog.Create(), chainKey) { Upcasters = EventCatalog.Upcasters(), Time = time ?? TimeProvider.System };
}
