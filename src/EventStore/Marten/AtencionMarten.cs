using Atencion.EventStore.Marten.HashChain;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using JasperFx.MultiTenancy;
using Marten;
using Weasel.Core;

namespace Atencion.EventStore.Marten;

/// <summary>The one place the service's Marten event store is configured (issue 14, PLAN.md's decisions).</summary>
public static class AtencionMarten
{
    /// <summary>Configures a store for the serving role: no schema changes, Quick appends, conjoined tenants, our names and JSON, the hash chain.</summary>
    /// <remarks>The connection is the caller's: the serving role's for the service, the owner's for <see cref="MartenSchema"/>.</remarks>
    public static void Configure(StoreOptions opts, MartenSettings settings)
    {
        opts.DatabaseSchemaName = settings.SchemaName;
        opts.Events.DatabaseSchemaName = settings.SchemaName;
        // The serving role may not change the schema; the owner applies it (MartenSchema.ApplyAsync).
        opts.AutoCreateSchemaObjects = AutoCreate.None;

        // Quick with server timestamps: the faster mode, and it leaves no tombstone rows after a failed append
        // (benchmarks.md; s3 §1). It needs UPDATE (timestamp) on mt_streams (ServingRoleGrants). Despite the name, the
        // events' timestamps come from this TimeProvider (Marten stamps them before the insert), so deadlines and idle
        // chats follow the injected clock as they did with today's store.
        opts.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
        opts.Events.TimeProvider = settings.Time;
        // An append with an expected version locks the stream's row (FOR UPDATE) in Marten's append function before it
        // takes sequence numbers: appenders to one stream queue on the row, and a loser fails its version check without
        // leaving a gap in the sequence.
        opts.Events.UseExclusiveLockOnConcurrentAppends = true;
        opts.Events.TenancyStyle = TenancyStyle.Conjoined;
        opts.Policies.AllDocumentsAreMultiTenanted();
        opts.Events.MetadataConfig.HeadersEnabled = true;
        opts.Events.MetadataConfig.CausationIdEnabled = true;
        opts.Events.MetadataConfig.CorrelationIdEnabled = true;
        opts.Events.MetadataConfig.UserNameEnabled = true;

        // Old payloads are camelCase (AtencionJson); the registry's converters (e.g. kebab-case enums) go first so that
        // they win over Marten's own.
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, json =>
        {
            foreach (var converter in settings.Types.Json.Converters.Reverse()) json.Converters.Insert(0, converter);
        });

        // Explicit names, the ones today's store writes, so that upgraded rows keep theirs (s1 Q1).
        foreach (var (type, name) in settings.Types.Names) opts.Events.MapEventType(type, name);
        // Old names and shapes are read into current records; a name an upcaster reads is never written again.
        if (settings.Upcasters.Count > 0) opts.Events.Upcast(settings.Upcasters.ToArray());

        foreach (var table in ChainTables.Create(settings.SchemaName)) opts.Storage.ExtendedSchemaObjects.Add(table);
        opts.Storage.ExtendedSchemaObjects.Add(ChainFoldFunction.Create(settings.SchemaName));
        opts.Projections.Add(new HashChainProjection(new ChainFold(settings.SchemaName, settings.ChainKey)), ProjectionLifecycle.Inline);
    }

    /// <summary>A store on the given connection configured by <see cref="Configure"/>.</summary>
    public static DocumentStore CreateStore(string connectionString, MartenSettings settings) => DocumentStore.For(opts =>
    {
        opts.Connection(connectionString);
        Configure(opts, settings);
    });
}
