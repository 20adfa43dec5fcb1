using Atencion.Domain.Turns;
using Atencion.Projections.Daemon;
using Atencion.Projections.Reports;
using Npgsql;

namespace Atencion.Projections.Turns;

/// <summary>Reads the turns of a tenant issued in a period of local dates from the live <c>turn_facts</c> projection.</summary>
public sealed class TurnFactsReader(NpgsqlDataSource db)
{
    private static readonly string Table = $"{Marten.AsyncProjectionSource.LiveSchema(TurnFactsProjection.ProjectionName)}.turn_facts";

    private static readonly Dictionary<string, TurnExpiryReason> Reasons =
        Enum.GetValues<TurnExpiryReason>().ToDictionary(r => WireName.Of(r));

    /// <summary>The turns issued on a local day from <paramref name="from"/> to <paramref name="to"/>, both inclusive.</summary>
    public async Task<IReadOnlyList<TurnFact>> IssuedAsync(string tenant, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            select turn_id, service, day, waited_seconds, service_seconds, expiry from {Table}
            where tenant_id = @tenant and day between @from and @to order by day, service, turn_id
            """);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("from", from);
        cmd.Parameters.AddWithValue("to", to);
        var list = new List<TurnFact>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new TurnFact(r.GetGuid(0), r.GetString(1), r.GetFieldValue<DateOnly>(2),
                r.IsDBNull(3) ? null : r.GetInt32(3), r.IsDBNull(4) ? null : r.GetInt32(4),
                r.IsDBNull(5) ? null : Reasons[r.GetString(5)]));
        return list;
    }
}
