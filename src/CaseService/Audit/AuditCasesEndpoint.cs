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

    // The cases opened in the period: by their stream heads, and by their views where the head is gone, so that
    // deleting a case's head lists it as tampered (its integrity names the missing head) instead of hiding it.
    // A stream's type and creation are its first event's streamType header and timestamp (the service's clock).
    private const string Listed = """
        with listed as (
            select s.id as case_id, e.timestamp as at, s.version
            from atencion_es.mt_streams s
            join atencion_es.mt_events e on e.tenant_id = s.tenant_id and e.stream_id = s.id and e.version = 1
            where s.tenant_id = @tenant and e.headers ->> 'streamType' = @type and e.timestamp >= @start and e.timestamp < @end
            union all
            select v.case_id, v.opened_at, v.version
            from atencion.case_views v
            where v.tenant_id = @tenant and v.opened_at >= @start and v.opened_at < @end
              and not exists (select 1 from atencion_es.mt_streams s
                              join atencion_es.mt_events e on e.tenant_id = s.tenant_id and e.stream_id = s.id and e.version = 1
                              where s.tenant_id = v.tenant_id and s.id = v.case_id))
        """;

    /// <summary><c>GET audit/cases?from=&amp;to=&amp;page=&amp;pageSize=</c>: cases opened in the period, oldest first, each verified.</summary>
    public static async Task<Ok<AuditPage>> Handle(string? from, string? to, int? page, int? pageSize,
        HttpContext http, NpgsqlDataSource db, Cases.CaseIntegrity integrity, TimeProvider time, CancellationToken ct)
    {
        var (f, t) = Reports.Periods.Range(from, to);
        if (page is < 1) throw Reports.Periods.Invalid("page", "must be 1 or more.");
        if (pageSize is < 1 or > MaxPageSize) throw Reports.Periods.Invalid("pageSize", $"must be between 1 and {MaxPageSize}.");
        var (p, size) = (page ?? 1, pageSize ?? 20);
        var tenant = TenantFilter.TenantOf(http);
        var (start, end) = Projections.Reports.CaseFactsReader.Bounds(f, t, EntityClock.For(TenantFilter.EntityOf(http), time).Zone);

        await using var cmd = db.CreateCommand($"""
            {Listed}
            select l.case_id, v.radicado, l.at, l.version, count(*) over ()
            from listed l left join atencion.case_views v on v.tenant_id = @tenant and v.case_id = l.case_id
            order by l.at, l.case_id limit {size} offset {Paging.Offset(p, size)}
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
            await using var count = db.CreateCommand($"{Listed} select count(*) from listed");
            foreach (var name in new[] { "tenant", "type", "start", "end" }) count.Parameters.AddWithValue(name, cmd.Parameters[name].Value!);
            total = (long)(await count.ExecuteScalarAsync(ct))!;
        }
        var items = new List<AuditedCase>();
        foreach (var row in rows)
            items.Add(new AuditedCase(row.Id, row.Radicado, row.At, row.Version,
                await integrity.VerifyAsync(tenant, row.Id, ct) ?? new IntegrityReport(false, 0, 1, "the case's head, view and events are gone")));
        return TypedResults.Ok(new AuditPage(f, t, p, size, total, items.Count(i => !i.Integrity.Valid), items));
    }
}
