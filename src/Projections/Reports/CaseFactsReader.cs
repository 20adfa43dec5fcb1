using System.Text.Json;
using Atencion.Domain.Calendar;
using Npgsql;

namespace Atencion.Projections.Reports;

/// <summary>Reads case facts from the live <c>case_facts</c> projection for a tenant and a period of local dates.</summary>
public sealed class CaseFactsReader(NpgsqlDataSource db, JsonSerializerOptions json)
{
    private static readonly string Table = $"{Marten.AsyncProjectionSource.LiveSchema(CaseFactsProjection.ProjectionName)}.case_facts";

    /// <summary>The first instant of <paramref name="from"/> and the first instant after <paramref name="to"/>, in the zone.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Bounds(DateOnly from, DateOnly to, TimeZoneInfo zone) =>
        (EntityTimeZone.Instant(from, TimeOnly.MinValue, zone), EntityTimeZone.Instant(to.AddDays(1), TimeOnly.MinValue, zone));

    /// <summary>Cases with any event in the period (every figure of the period comes from one of them).</summary>
    public Task<IReadOnlyList<CaseFacts>> ActiveAsync(string tenant, DateOnly from, DateOnly to, TimeZoneInfo zone, CancellationToken ct)
    {
        var (start, end) = Bounds(from, to, zone);
        return QueryAsync("updated_at >= @start and received_at < @end", tenant, start, end, ct);
    }

    /// <summary>Cases received in the period.</summary>
    public Task<IReadOnlyList<CaseFacts>> ReceivedAsync(string tenant, DateOnly from, DateOnly to, TimeZoneInfo zone, CancellationToken ct)
    {
        var (start, end) = Bounds(from, to, zone);
        return QueryAsync("received_at >= @start and received_at < @end", tenant, start, end, ct);
    }

    /// <summary>Cases neither answered nor closed now.</summary>
    public Task<IReadOnlyList<CaseFacts>> PendingAsync(string tenant, CancellationToken ct) =>
        QueryAsync("facts->>'answeredAt' is null and facts->>'closedAt' is null", tenant, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, ct);

    private async Task<IReadOnlyList<CaseFacts>> QueryAsync(string where, string tenant, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"select facts::text from {Table} where tenant_id = @tenant and {where} order by received_at, case_id");
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("start", start.ToUniversalTime());
        cmd.Parameters.AddWithValue("end", end.ToUniversalTime());
        var list = new List<CaseFacts>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(JsonSerializer.Deserialize<CaseFacts>(r.GetString(0), json)!);
        return list;
    }
}
