using System.Security.Cryptography;
using Atencion.Domain.Turns;
using Atencion.EventStore;
using Atencion.EventStore.Marten;
using Atencion.Projections.Daemon;
using Atencion.Projections.Marten;
using Atencion.Projections.Turns;
using Atencion.TestSupport;
using JasperFx.Events.Daemon;
using Marten;
using Npgsql;

namespace Atencion.Projections.Tests.Marten;

/// <summary>
/// One database per test class with the service's Marten configuration (<see cref="AtencionMarten.Configure"/>), the schema
/// applied by the owner (<see cref="MartenSchema.ApplyAsync(string, string, MartenSettings, Action{StoreOptions}, CancellationToken)"/>)
/// and our turn facts on Marten's async daemon, run by the serving role, through the adapter, twice: as it is, and with a switch that makes it throw
/// after writing its rows (a failure mid-batch). A third projection records the events it is given.
/// </summary>
public sealed class MartenDaemonFixture : IAsyncLifetime
{
    public const string FailingSchema = "proj_turn_facts_failing";
    public static readonly TenantId Tenant = new("camara-facatativa");

    public TestDatabase Db { get; private set; } = null!;
    public DocumentStore Store { get; private set; } = null!;
    public NpgsqlDataSource AppDataSource { get; private set; } = null!;
    public IProjectionDaemon Daemon { get; private set; } = null!;
    public EventTypeRegistry Types { get; } = EventCatalog.Create();
    public FailingProjection Failing { get; } = new(new TurnFactsProjection());

    private MartenSettings Settings => new(Types, RandomNumberGenerator.GetBytes(32));

    private void AddProjections(StoreOptions opts)
    {
        opts.AddAtencionAsync(new TurnFactsProjection(), Types);
        opts.AddAtencionAsync(Failing, Types, FailingSchema);
        opts.AddAtencionAsync(new RecordingProjection(), Types);
    }

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateUnmigratedAsync();
        var settings = Settings;
        // The owner's apply with the adapter's projections registered: their tables, and the serving role's grants on them.
        await MartenSchema.ApplyAsync(Db.AdminConnectionString, TestDatabase.AppRole, settings, AddProjections);
        // The service's store and daemon, as the serving role.
        Store = DocumentStore.For(opts =>
        {
            opts.Connection(Db.AppConnectionString);
            AtencionMarten.Configure(opts, settings);
            AddProjections(opts);
        });
        AppDataSource = NpgsqlDataSource.Create(Db.AppConnectionString);
        Daemon = await Store.BuildProjectionDaemonAsync();
        await Daemon.StartAllAsync();
    }

    /// <summary>Appends a turn's events as the service would: its tenant, who acted, role and channel as headers.</summary>
    public async Task<Guid> TurnAsync(int number, int waitSeconds, int? serviceSeconds, TurnExpiryReason? expiry)
    {
        var id = Guid.NewGuid();
        var day = new DateOnly(2026, 3, 2);
        List<object> events = [new TurnIssued(id, "registro", Turn.LabelOf("R", number), number, day)];
        if (expiry == TurnExpiryReason.EndOfDay) events.Add(new TurnExpired("registro", TurnExpiryReason.EndOfDay));
        else
        {
            events.Add(new TurnCalled("registro", Turn.LabelOf("R", number), "Módulo 1", waitSeconds));
            events.Add(serviceSeconds is { } s ? new TurnServed("registro", Guid.NewGuid(), waitSeconds, s) : new TurnExpired("registro", TurnExpiryReason.NoShow));
        }
        // One save per event: each its own transaction and timestamp, as the kiosk appends them.
        foreach (var (e, i) in events.Select((e, i) => (e, i)))
        {
            await using var session = Store.LightweightSession(Tenant.Value);
            session.CorrelationId = Guid.NewGuid().ToString();
            session.LastModifiedBy = "ana";
            session.SetHeader(MartenRecordedEvents.RoleHeader, "advisor");
            session.SetHeader(MartenRecordedEvents.ChannelHeader, "in-person");
            if (i == 0) session.Events.StartStream(id, e);
            else session.Events.Append(id, e);
            await session.SaveChangesAsync();
        }
        return id;
    }

    /// <summary>Waits with Marten's own wait until every shard has caught up with the high-water mark.</summary>
    public Task CaughtUpAsync() => Daemon.WaitForNonStaleData(TimeSpan.FromSeconds(30));

    /// <summary>Today's daemon's way: the projection applied to every event of the store, read back in sequence order, batch by batch, into <paramref name="schema"/>.</summary>
    public async Task BuildDirectlyAsync(IAsyncProjection projection, string schema, int batchSize)
    {
        await using var session = Store.QuerySession(Tenant.Value);
        var all = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync();
        await using var conn = new NpgsqlConnection(Db.AdminConnectionString);
        await conn.OpenAsync();
        await using (var create = new NpgsqlCommand($"create schema {schema}; {projection.CreateTablesSql(schema)}", conn))
            await create.ExecuteNonQueryAsync();
        foreach (var batch in all.Chunk(batchSize))
        {
            await using var tx = await conn.BeginTransactionAsync();
            await projection.ApplyAsync(MartenRecordedEvents.From(batch, Types), new ProjectionWrite(conn, tx, schema), default);
            await tx.CommitAsync();
        }
    }

    /// <summary>Every row of a turn facts table, every column, in a stable order.</summary>
    public Task<List<string>> TurnFactsAsync(string schema) => RowsAsync($"""
        select concat_ws('|', tenant_id, turn_id, service, day, issued_at, called_at, finished_at, waited_seconds, service_seconds, case_id, expiry, version)
        from {schema}.turn_facts order by issued_at, turn_id
        """);

    /// <summary>The daemon's committed progress of a projection (its <c>:All</c> shard), 0 when it has none.</summary>
    public async Task<long> ProgressAsync(string projection) =>
        (await Store.Advanced.AllProjectionProgress()).SingleOrDefault(s => s.ShardName == $"{projection}:All")?.Sequence ?? 0;

    public async Task<List<string>> RowsAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(Db.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        var rows = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) rows.Add(r.IsDBNull(0) ? "" : r.GetString(0));
        return rows;
    }

    public async Task DisposeAsync()
    {
        await Daemon.StopAllAsync();
        Daemon.Dispose();
        Store.Dispose();
        await AppDataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await Db.DisposeAsync();
    }
}

/// <summary>Our turn facts under another name, which throw after writing a batch's rows while <see cref="Fail"/> is on.</summary>
public sealed class FailingProjection(IAsyncProjection inner) : IAsyncProjection
{
    private int _failures;

    public volatile bool Fail;

    /// <summary>How many batches it has thrown on.</summary>
    public int Failures => _failures;

    public string Name => inner.Name + "_failing";

    public string CreateTablesSql(string schema) => inner.CreateTablesSql(schema);

    public async Task ApplyAsync(IReadOnlyList<RecordedEvent> events, ProjectionWrite write, CancellationToken ct)
    {
        await inner.ApplyAsync(events, write, ct);
        if (!Fail) return;
        Interlocked.Increment(ref _failures);
        throw new InvalidOperationException("Failing after writing the batch's rows, before Marten's commit.");
    }
}

/// <summary>Writes down every event it is given, with what our projections read of it.</summary>
public sealed class RecordingProjection : IAsyncProjection
{
    public string Name => "recorded_events";

    public string CreateTablesSql(string schema) => $"""
        create table {schema}.events (
            seq bigint primary key, tenant_id text not null, stream_id uuid not null, version bigint not null,
            event_id uuid not null, type text not null, recorded_at timestamptz not null, json jsonb not null,
            user_id text, role text, channel text, on_behalf_of text, correlation_id uuid not null);
        """;

    public async Task ApplyAsync(IReadOnlyList<RecordedEvent> events, ProjectionWrite write, CancellationToken ct)
    {
        foreach (var e in events)
        {
            await using var cmd = write.Command($"""
                insert into {write.Schema}.events values (@seq, @t, @s, @v, @id, @type, @at, @json::jsonb, @user, @role, @channel, @obo, @corr)
                """);
            cmd.Parameters.AddWithValue("seq", e.Seq);
            cmd.Parameters.AddWithValue("t", e.Tenant.Value);
            cmd.Parameters.AddWithValue("s", e.StreamId);
            cmd.Parameters.AddWithValue("v", e.Version);
            cmd.Parameters.AddWithValue("id", e.EventId);
            cmd.Parameters.AddWithValue("type", e.EventType);
            cmd.Parameters.AddWithValue("at", e.RecordedAt.ToUniversalTime());
            cmd.Parameters.AddWithValue("json", e.Json);
            cmd.Parameters.AddWithValue("user", (object?)e.Metadata.UserId ?? DBNull.Value);
            cmd.Parameters.AddWithValue("role", (object?)e.Metadata.Role ?? DBNull.Value);
            cmd.Parameters.AddWithValue("channel", (object?)e.Metadata.Channel ?? DBNull.Value);
            cmd.Parameters.AddWithValue("obo", (object?)e.Metadata.OnBehalfOf ?? DBNull.Value);
            cmd.Parameters.AddWithValue("corr", e.Metadata.CorrelationId);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }
}
