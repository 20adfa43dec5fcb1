using System.Text.Json;
using Atencion.Domain.Cases;
using Atencion.EventStore;
using Atencion.Projections.Daemon;
using Npgsql;

namespace Atencion.Projections.Reports;

/// <summary>Folds a batch of the feed into <see cref="CaseFacts"/>, starting from the facts a projection table already holds (column <c>facts</c>).</summary>
public static class CaseFactsFold
{
    /// <summary>The facts of every case the batch touched, after the batch; unchanged cases are not returned.</summary>
    public static async Task<IReadOnlyList<CaseFacts>> FoldAsync(
        IReadOnlyList<RecordedEvent> events, ProjectionWrite write, string table, JsonSerializerOptions json, CancellationToken ct)
    {
        var caseEvents = events.Where(e => e.Data is ICaseEvent).ToList();
        if (caseEvents.Count == 0) return [];
        var facts = await LoadAsync(caseEvents, write, table, json, ct);
        var changed = new HashSet<(string, Guid)>();
        foreach (var e in caseEvents)
        {
            var key = (e.Tenant.Value, e.StreamId);
            var next = facts.TryGetValue(key, out var known) ? known.Apply(e) : CaseFacts.Start(e);
            if (next is null || ReferenceEquals(next, known)) continue;
            facts[key] = next;
            changed.Add(key);
        }
        return changed.Select(k => facts[k]).ToList();
    }

    private static async Task<Dictionary<(string, Guid), CaseFacts>> LoadAsync(
        List<RecordedEvent> events, ProjectionWrite write, string table, JsonSerializerOptions json, CancellationToken ct)
    {
        var keys = events.Select(e => (e.Tenant.Value, e.StreamId)).Distinct().ToList();
        await using var cmd = write.Command($"""
            select t.facts::text from {write.Schema}.{table} t
            join unnest(@tenants, @ids) as k(tenant_id, case_id) on t.tenant_id = k.tenant_id and t.case_id = k.case_id
            """);
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("tenants", keys.Select(k => k.Item1).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", keys.Select(k => k.Item2).ToArray()));
        var found = new Dictionary<(string, Guid), CaseFacts>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var f = JsonSerializer.Deserialize<CaseFacts>(r.GetString(0), json)!;
            found[(f.Tenant, f.CaseId)] = f;
        }
        return found;
    }
}
