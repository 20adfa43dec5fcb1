using Atencion.EventStore.Integrity;
using Atencion.EventStore.Marten.HashChain;
using Atencion.EventStore.Marten.Store;
using Npgsql;

namespace Atencion.EventStore.Marten.Upgrade;

/// <summary>Moves today's <c>atencion.events</c> into Marten's <c>mt_events</c>/<c>mt_streams</c> once, as the owner, in one transaction (issue 14; s3 §3).</summary>
/// <remarks>
/// Every old stream's chain is verified first with today's verifier (the old and new chains share the key); the rows
/// are copied with their tenants, ids, versions, type names, timestamps (always explicit: Marten froze the column
/// default at creation) and metadata as <see cref="MartenEventStore"/> writes it; <c>seq_id</c> is renumbered 1..N in
/// the old feed's order (the old <c>seq</c> kept in a <c>legacySeq</c> header) so the daemon never waits on holes;
/// then the new chain is folded for every stream and verified. A marker table refuses a second run. Any refusal or
/// failure rolls everything back. <c>mt_dotnet_type</c> stays null: Marten resolves a mapped name without it, which
/// is why names nobody maps or upcasts are refused. Inline and async projections are not rebuilt here.
/// </remarks>
public sealed class EventLogUpgrade(MartenSettings settings)
{
    /// <summary>The marker table: present once the upgrade has run.</summary>
    public const string Marker = "legacy_import";

    /// <summary>The header that keeps each event's sequence number in today's log.</summary>
    public const string LegacySeqHeader = "legacySeq";

    private string S => settings.SchemaName;

    /// <summary>Verifies, copies, folds and verifies again, and commits; throws <see cref="EventLogUpgradeRefusedException"/> and copies nothing when it may not.</summary>
    /// <param name="ownerConnectionString">The schema owner's connection.</param>
    /// <param name="alsoInTransaction">The caller's own work in the same transaction, after the new chain verified: e.g. asking the async projections to rebuild.</param>
    /// <param name="ct">Cancels the upgrade (nothing is copied).</param>
    public async Task<EventLogUpgradeReport> RunAsync(string ownerConnectionString,
        Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task>? alsoInTransaction = null, CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(ownerConnectionString);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);

        // No old-code writer during the copy; the verification below then sees what is copied.
        await ExecAsync(conn, tx, "lock table atencion.streams, atencion.events in exclusive mode", ct);
        if (await ScalarAsync<bool>(conn, tx, $"select to_regclass('{S}.{Marker}') is not null", ct))
            throw new EventLogUpgradeRefusedException("the event log was already upgraded");
        if (await ScalarAsync<bool>(conn, tx, $"select exists (select 1 from {S}.mt_events) or exists (select 1 from {S}.mt_streams)", ct))
            throw new EventLogUpgradeRefusedException("Marten's tables already hold streams or events");

        var unreadable = await UnreadableTypesAsync(conn, tx, ct);
        if (unreadable.Count > 0)
            throw new EventLogUpgradeRefusedException($"no type is mapped for the stored names {string.Join(", ", unreadable)}");

        await VerifyOldChainsAsync(conn, tx, ct);

        var report = await CopyAsync(conn, tx, ct);
        var mismatches = await ScalarAsync<long>(conn, tx, DiffSql, ct);
        if (mismatches != 0) throw new EventLogUpgradeRefusedException($"{mismatches} copied events differ from the old ones");

        await FoldNewChainsAsync(conn, tx, ct);
        var breaks = await new ChainVerifier(S, settings.ChainKey).VerifyAsync(conn, ct);
        if (breaks.Count > 0)
            throw new EventLogUpgradeRefusedException($"the new chain does not verify: {string.Join("; ", breaks.Take(5))}");

        if (alsoInTransaction is not null) await alsoInTransaction(conn, tx, ct);
        await tx.CommitAsync(ct);
        return report;
    }

    /// <summary>Whether there is anything to upgrade: the old log holds events and the upgrade has not run.</summary>
    public async Task<bool> PendingAsync(string ownerConnectionString, CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(ownerConnectionString);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await ScalarAsync<bool>(conn, tx, "select to_regclass('atencion.events') is not null", ct)) return false;
        if (await ScalarAsync<bool>(conn, tx, $"select to_regclass('{S}.{Marker}') is not null", ct)) return false;
        return await ScalarAsync<bool>(conn, tx, "select exists (select 1 from atencion.events)", ct);
    }

    private async Task<List<string>> UnreadableTypesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        var readable = settings.Types.Names.Select(n => n.Value)
            .Concat(settings.Upcasters.Select(u => u.EventTypeName)).ToArray();
        await using var cmd = new NpgsqlCommand("select distinct event_type from atencion.events where event_type <> all($1) order by 1", conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = readable });
        var names = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) names.Add(r.GetString(0));
        return names;
    }

    private async Task VerifyOldChainsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        var streams = new List<(string Tenant, Guid Stream)>();
        await using (var cmd = new NpgsqlCommand(
            "select tenant_id, stream_id from atencion.streams union select tenant_id, stream_id from atencion.events order by 1, 2", conn, tx))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) streams.Add((r.GetString(0), r.GetGuid(1)));

        var broken = new List<string>();
        foreach (var (tenant, stream) in streams)
        {
            var report = await LegacyStreamVerifier.VerifyAsync(settings.ChainKey, conn, tx, new TenantId(tenant), stream, ct);
            if (!report.Valid) broken.Add($"{tenant}/{stream} at version {report.FirstInvalidVersion}: {report.Reason}");
        }
        if (broken.Count > 0)
            throw new EventLogUpgradeRefusedException($"{broken.Count} old stream(s) do not verify: {string.Join("; ", broken.Take(5))}");
    }

    private async Task<EventLogUpgradeReport> CopyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        await ExecAsync(conn, tx, $"""
            insert into {S}.mt_streams (tenant_id, id, type, version, timestamp, created, is_archived)
            select tenant_id, stream_id, null, version, updated_at, created_at, archived from atencion.streams;

            insert into {S}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type,
                                       correlation_id, causation_id, headers, user_name, is_archived)
            select row_number() over (order by e.tx_id, e.seq),
                   e.event_id, e.stream_id, e.version, e.data, e.event_type, e.recorded_at, e.tenant_id, null,
                   e.metadata->>'correlationId', e.metadata->>'causationId',
                   jsonb_strip_nulls(jsonb_build_object(
                       '{MartenMetadata.StreamType}', s.stream_type,
                       '{MartenMetadata.Role}', e.metadata->'role',
                       '{MartenMetadata.Channel}', e.metadata->'channel',
                       '{MartenMetadata.OnBehalfOf}', e.metadata->'onBehalfOf',
                       '{LegacySeqHeader}', e.seq)),
                   e.metadata->>'userId', s.archived
            from atencion.events e join atencion.streams s using (tenant_id, stream_id);

            select setval('{S}.mt_events_sequence', (select coalesce(max(seq_id), 1) from {S}.mt_events),
                          (select count(*) > 0 from {S}.mt_events));

            create table {S}.{Marker} (
                id int primary key check (id = 1), done_at timestamptz not null default now(),
                streams bigint not null, events bigint not null, last_legacy_seq bigint not null);
            insert into {S}.{Marker} (id, streams, events, last_legacy_seq)
            select 1, (select count(*) from atencion.streams), (select count(*) from atencion.events),
                   (select coalesce(max(seq), 0) from atencion.events);
            """, ct);

        await using var cmd = new NpgsqlCommand($"select streams, events, last_legacy_seq from {S}.{Marker}", conn, tx);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new EventLogUpgradeReport(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
    }

    // Every old event against its copy: 0 rows expected.
    private string DiffSql => $"""
        select count(*) from atencion.events e
        full join {S}.mt_events m on m.tenant_id = e.tenant_id and m.stream_id = e.stream_id and m.version = e.version
        where m.seq_id is null or e.seq is null or m.id <> e.event_id or m.data <> e.data or m.type <> e.event_type
           or m.timestamp <> e.recorded_at or m.correlation_id is distinct from e.metadata->>'correlationId'
           or m.causation_id is distinct from e.metadata->>'causationId' or m.user_name is distinct from e.metadata->>'userId'
           or (m.headers->>'{MartenMetadata.Role}') is distinct from e.metadata->>'role'
           or (m.headers->>'{MartenMetadata.Channel}') is distinct from e.metadata->>'channel'
           or (m.headers->>'{MartenMetadata.OnBehalfOf}') is distinct from e.metadata->>'onBehalfOf'
           or (m.headers->>'{LegacySeqHeader}')::bigint is distinct from e.seq
        """;

    private async Task FoldNewChainsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        var streams = new List<(string Tenant, Guid Stream)>();
        await using (var cmd = new NpgsqlCommand($"select tenant_id, id from {S}.mt_streams order by 1, 2", conn, tx))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) streams.Add((r.GetString(0), r.GetGuid(1)));

        var fold = new ChainFold(S, settings.ChainKey);
        // The fold's statement has Marten's '?' placeholders; Npgsql takes $1..$n.
        var parts = fold.Sql.Split('?');
        var sql = string.Concat(parts.Select((p, i) => i == 0 ? p : $"${i}{p}"));
        foreach (var (tenant, stream) in streams)
        {
            await using var cmd = new NpgsqlCommand(sql, conn, tx);
            foreach (var argument in fold.Arguments(tenant, stream)) cmd.Parameters.Add(new NpgsqlParameter { Value = argument });
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task ExecAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        return (T)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
