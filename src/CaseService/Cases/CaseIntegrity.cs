using Atencion.EventStore.Marten.Store;
using System.Data;
using Atencion.EventStore;
using Atencion.EventStore.Integrity;
using Atencion.Projections;

namespace Atencion.CaseService.Cases;

/// <summary>
/// A case's integrity as auditors get it, over HTTP and from the <c>verify</c> verb: its stream's chain and head, and
/// the case view the console serves, all read in one snapshot.
/// </summary>
/// <remarks>
/// A case exists for the auditor when anything the console could serve it from exists: its view, its stream's head
/// or its events. Deleting the head therefore no longer hides a case (the stream verifier reports the missing head),
/// and a view left behind by deleted events and head is reported too, as is a view at another version than the stream:
/// the view is inline, written in each append's transaction, so the two always agree.
/// </remarks>
public sealed class CaseIntegrity(MartenEventStore store)
{
    /// <summary>The case's integrity report, or null when there is no such case (nor a trace of one).</summary>
    public async Task<IntegrityReport?> VerifyAsync(TenantId tenant, Guid caseId, CancellationToken ct)
    {
        await using var conn = await store.DataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        string? streamType = null;
        long? viewVersion = null;
        // The stream's type is the header its events carry (MartenEventStore); the first event's is read.
        await using (var cmd = new Npgsql.NpgsqlCommand($"""
            select (select e.headers ->> 'streamType' from {store.Schema}.mt_events e
                    where e.tenant_id = @t and e.stream_id = @id order by e.version limit 1),
                   (select version from atencion.case_views where tenant_id = @t and case_id = @id)
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("t", tenant.Value);
            cmd.Parameters.AddWithValue("id", caseId);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            streamType = r.IsDBNull(0) ? null : r.GetString(0);
            viewVersion = r.IsDBNull(1) ? null : r.GetInt64(1);
        }
        var report = await store.VerifyStreamAsync(conn, tx, tenant, caseId, ct);
        await tx.CommitAsync(ct);

        var isCase = viewVersion is not null || (streamType is null ? report.Events > 0 : streamType == EventCatalog.CaseStream);
        if (!isCase) return null;
        if (!report.Valid || viewVersion is not { } v || v == report.Events) return report;
        return new IntegrityReport(false, report.Events, Math.Min(v, report.Events) + 1, report.Events == 0
            ? $"the case view is at version {v} but the case has no events and no stream head: they were deleted"
            : $"the case view is at version {v} but the stream has {report.Events} events");
    }
}
