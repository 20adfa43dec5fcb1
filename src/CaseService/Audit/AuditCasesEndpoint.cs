using Atencion.CaseService.Entities;
using Atencion.CaseService.Http;
using Atencion.EventStore;
using Atencion.EventStore.Integrity;
using Atencion.Projections;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atencion.CaseService.Audit;

/// <summary>A case as the auditor's listing shows it: its events and whether its hash chain verifies.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="Radicado">Its filing number, if filed.</param>
/// <param name="OpenedAt">When its first event was recorded.</param>
/// <param name="Version">Its stream's version.</param>
/// <param name="Integrity">The hash chain recomputed now (its <c>events</c> is the number of events stored).</param>
public sealed record AuditedCase(Guid CaseId, string? Radicado, DateTimeOffset OpenedAt, long Version, IntegrityReport Integrity);

/// <summary>A page of audited cases.</summary>
public sealed record AuditPage(DateOnly From, DateOnly To, int Page, int PageSize, long Total, int Invalid, IReadOnlyList<AuditedCase> Items);

public static class AuditCasesEndpoint
{
    /// <summary>The largest page: each case's chain is recomputed on every read.</summary>
    public const int MaxPageSize = 100;

    /// <summary><c>GET audit/cases?from=&amp;to=&amp;page=&amp;pageSize=</c>: cases opened in the period, oldest first, each verified.</summary>
    public static async Task<Ok<AuditPage>> Handle(string? from, string? to, int? page, int? pageSize,
        HttpContext http, NpgsqlDataSource db, PostgresEventStore store, TimeProvider time, CancellationToken ct)
    {
        var (f, t) = Reports.Periods.Range(from, to);
        if (page is < 1) throw Reports.Periods.Invalid("page", "must be 1 or more.");
        if (pageSize is < 1 or > MaxPageSize) throw Reports.Periods.Invalid("pageSize", $"must be between 1 and {MaxPageSize}.");
        var (p, size) = (page ?? 1, pageSize ?? 20);
        var tenant = TenantFilter.TenantOf(http);
        var (start, end) = Projections.Reports.CaseFactsReader.Bounds(f, t, EntityClock.For(TenantFilter.EntityOf(http), time).Zone);

        await using var cmd = db.CreateCommand($"""
            select s.stream_id, v.radicado, s.created_at, s.version, count(*) over ()
            from atencion.streams s left join atencion.case_views v on v.tenant_id = s.tenant_id and v.case_id = s.stream_id
            where s.tenant_id = @tenant and s.stream_type = @type and s.created_at >= @start and s.created_at < @end
            order by s.created_at, s.stream_id limit {size} offset {Paging.Offset(p, size)}
            """);
        cmd.Parameters.AddWithValue("tenant", tenant.Value);
        cmd.Parameters.AddWithValue("type", EventCatalog.CaseStream);
        cmd.Parameters.AddWithValue("start", start.ToUniversalTime());
        cmd.Parameters.AddWithValue("end", end.ToUniversalTime());
        var rows = new List<(Guid Id, string? Radicado, DateTimeOffset At, long Version)>();
        long total = 0;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                rows.Add((r.GetGuid(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetFieldValue<DateTimeOffset>(2), r.GetInt64(3)));
                total = r.GetInt64(4);
            }
        if (rows.Count == 0 && p > 1)
        {
            await using var count = db.CreateCommand("select count(*) from atencion.streams where tenant_id = @tenant and stream_type = @type and created_at >= @start and created_at < @end");
            foreach (var name in new[] { "tenant", "type", "start", "end" }) count.Parameters.AddWithValue(name, cmd.Parameters[name].Value!);
            total = (long)(await count.ExecuteScalarAsync(ct))!;
        }
        var items = new List<AuditedCase>();
        foreach (var row in rows)
            items.Add(new AuditedCase(row.Id, row.Radicado, row.At, row.Version, await store.VerifyStreamAsync(tenant, row.Id, ct)));
        return TypedResults.Ok(new AuditPage(f, t, p, size, total, items.Count(i => !i.Integrity.Valid), items));
    }
}
