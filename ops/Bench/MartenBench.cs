// The Marten rows of the benchmark (issue 14): Marten's event store appending the same events, with the same metadata,
// on the same server and role, beside the raw ceilings and today's store.
using JasperFx;
using JasperFx.Events;
using JasperFx.MultiTenancy;
using Marten;
using Npgsql;
using Weasel.Core;

namespace Atencion.Bench;

/// <summary>The stream's type in <c>mt_streams.type</c> (today's store writes <c>case</c>).</summary>
public sealed class BenchCase;

/// <summary>Marten's configuration for the benchmark: the product's settings, one append mode per store.</summary>
internal static class MartenBench
{
    public const string Schema = "atencion_bench_marten";

    /// <summary>
    /// The settings the product will use: conjoined tenancy, every metadata column on, an explicit event type name,
    /// the registry's JSON (camelCase, System.Text.Json), the schema applied by the owner and never by the service.
    /// </summary>
    public static void Configure(StoreOptions opts, NpgsqlDataSource source, EventAppendMode mode, AutoCreate autoCreate)
    {
        opts.Connection(source);
        opts.DatabaseSchemaName = Schema;
        opts.Events.DatabaseSchemaName = Schema;
        opts.AutoCreateSchemaObjects = autoCreate;
        opts.Events.TenancyStyle = TenancyStyle.Conjoined;
        opts.Policies.AllDocumentsAreMultiTenanted();
        opts.Events.AppendMode = mode;
        opts.Events.MetadataConfig.CorrelationIdEnabled = true;
        opts.Events.MetadataConfig.CausationIdEnabled = true;
        opts.Events.MetadataConfig.UserNameEnabled = true;
        opts.Events.MetadataConfig.HeadersEnabled = true;
        opts.Events.MapEventType<BenchEvent>(nameof(BenchEvent)); // the same stored name as the registry's
        opts.UseSystemTextJsonForSerialization(casing: Casing.CamelCase);
    }

    public static DocumentStore CreateStore(NpgsqlDataSource source, EventAppendMode mode, AutoCreate autoCreate = AutoCreate.None) =>
        DocumentStore.For(opts => Configure(opts, source, mode, autoCreate));

    /// <summary>
    /// The data source Marten appends through: the store's (no per-return session reset, see EventStoreDataSource)
    /// plus automatic preparation, since Marten does not prepare its statements itself.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string appCs) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(appCs) { NoResetOnClose = true, MaxAutoPrepare = 20 });

    /// <summary>
    /// Drops and recreates Marten's schema as the owner (the admin connection), then grants the service role what an
    /// append needs, as issue 14 will: SELECT and INSERT on the events (UPDATE of is_archived only), SELECT, INSERT
    /// and UPDATE on the streams, the sequences. The service's stores run with AutoCreate.None.
    /// </summary>
    public static async Task CreateSchemaAsync(NpgsqlDataSource admin, string appRole)
    {
        await using (var drop = admin.CreateCommand($"drop schema if exists {Schema} cascade"))
            await drop.ExecuteNonQueryAsync();
        // The product's default mode; Rich uses the same tables and does not call mt_quick_append_events.
        await using (var owner = CreateStore(admin, EventAppendMode.QuickWithServerTimestamps, AutoCreate.CreateOrUpdate))
            await owner.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using var grant = admin.CreateCommand($"""
            grant usage on schema {Schema} to {appRole};
            grant select, insert on {Schema}.mt_events to {appRole};
            grant update (is_archived) on {Schema}.mt_events to {appRole};
            grant select, insert, update on {Schema}.mt_streams to {appRole};
            grant usage, select on all sequences in schema {Schema} to {appRole};
            """);
        await grant.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Before anything is measured: the store refuses what the measured rows rely on it to refuse (a stale or a
    /// too-new expected version, a second StartStream of a stream), in a tenant of its own so that the end-of-run
    /// count of tenant 'bench' stays exact. Returns the exception types, for the header.
    /// </summary>
    public static async Task<string> CheckRefusalsAsync(IDocumentStore store, Payload payload)
    {
        const string tenant = "bench-refusals";
        var id = Guid.NewGuid();
        async Task Save(Action<IDocumentSession> append)
        {
            await using var session = store.LightweightSession(tenant);
            append(session);
            await session.SaveChangesAsync();
        }
        async Task<string> Refused(Action<IDocumentSession> append)
        {
            try { await Save(append); }
            catch (Exception e) { return e.GetType().Name; }
            throw new InvalidOperationException($"Marten ({store.Options.Events.AppendMode}) accepted an append it must refuse");
        }
        await Save(s => s.Events.StartStream<BenchCase>(id, payload.Event(id, 1)));
        await Save(s => s.Events.Append(id, 2, payload.Event(id, 2)));
        var stale = await Refused(s => s.Events.Append(id, 2, payload.Event(id, 2))); // the stream is at 2, not 1
        var ahead = await Refused(s => s.Events.Append(id, 4, payload.Event(id, 4))); // nor at 3
        var again = await Refused(s => s.Events.StartStream<BenchCase>(id, payload.Event(id, 1)));
        return $"stale version {stale}, too-new version {ahead}, StartStream again {again}";
    }
}

/// <summary>
/// 1m / 1q / 2m / 2q (and diagnostics): one SaveChangesAsync of <c>batch</c> events on the worker's own streams, tenant
/// 'bench', the exact expected version (StartStream for a new stream, Append with the version after the append
/// otherwise), the same event objects and the same metadata values as the other rows.
/// </summary>
internal sealed class MartenWorker(IDocumentStore store, Payload payload, int streamLength, int batch, bool identityMap) : IWorker
{
    private readonly StreamCursor _cursor = new(streamLength);

    public async Task StepAsync()
    {
        // A lightweight session (no identity map) unless the diagnostic asks for one: nothing is read here.
        await using var session = identityMap ? store.IdentitySession(Payload.Tenant) : store.LightweightSession(Payload.Tenant);
        var meta = Payload.Metadata();
        session.CorrelationId = meta.CorrelationId.ToString();
        session.CausationId = meta.CausationId?.ToString();
        session.LastModifiedBy = meta.UserId;
        if (meta.Role is { } role) session.SetHeader("role", role);
        if (meta.Channel is { } channel) session.SetHeader("channel", channel);
        if (meta.OnBehalfOf is { } onBehalfOf) session.SetHeader("onBehalfOf", onBehalfOf);

        var events = new object[batch];
        for (var i = 0; i < batch; i++) events[i] = payload.Event(_cursor.Stream, _cursor.Version + 1 + i);
        var action = _cursor.Version == 0
            ? session.Events.StartStream<BenchCase>(_cursor.Stream, events)
            : session.Events.Append(_cursor.Stream, _cursor.Version + batch, events); // Marten's expected version is the one after the append
        await session.SaveChangesAsync();
        var version = action.Events[^1].Version;
        if (version != _cursor.Version + batch)
            throw new InvalidOperationException($"stream {_cursor.Stream} is at {version}, expected {_cursor.Version + batch}");
        _cursor.Advance(batch);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
