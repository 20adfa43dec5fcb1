using Atencion.Domain.Calendar;
using Npgsql;

namespace Atencion.Projections.Contacts;

/// <summary>One row of the contact register (FOR-DIC-04).</summary>
/// <param name="ContactAt">When the contact was received.</param>
/// <param name="Channel">The channel.</param>
/// <param name="CitizenName">The citizen's name, if given.</param>
/// <param name="CitizenId">The citizen's ID ("cc 1098…"), if given.</param>
/// <param name="Type">The PQRSD type, once classified.</param>
/// <param name="Topic">The topic, once classified.</param>
/// <param name="Radicado">The filing number, once filed.</param>
/// <param name="AttendedBy">The staff member who attended.</param>
/// <param name="Outcome">The outcome so far.</param>
/// <param name="CaseId">The case the contact opened.</param>
public sealed record Contact(DateTimeOffset ContactAt, string Channel, string? CitizenName, string? CitizenId, string? Type, string? Topic,
    string? Radicado, string? AttendedBy, string Outcome, Guid CaseId);

/// <summary>Reads the contact register from the live <c>contacts</c> projection.</summary>
public sealed class ContactRegister(NpgsqlDataSource db)
{
    /// <summary>The most rows one read returns.</summary>
    public const int MaxRows = 50_000;

    /// <summary>The contacts of a tenant received in a period of local dates, oldest first.</summary>
    public async Task<IReadOnlyList<Contact>> ReadAsync(string tenant, DateOnly from, DateOnly to, TimeZoneInfo zone, CancellationToken ct)
    {
        var (start, end) = Reports.CaseFactsReader.Bounds(from, to, zone);
        await using var cmd = db.CreateCommand($"""
            select contact_at, channel, citizen_name, citizen_id, type, topic, radicado, attended_by, outcome, case_id
            from {Daemon.ProjectionSchemas.Live(ContactRegisterProjection.ProjectionName)}.contacts
            where tenant_id = @tenant and contact_at >= @start and contact_at < @end
            order by contact_at, case_id limit {MaxRows}
            """);
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("start", start.ToUniversalTime());
        cmd.Parameters.AddWithValue("end", end.ToUniversalTime());
        var list = new List<Contact>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        while (await r.ReadAsync(ct))
            list.Add(new Contact(r.GetFieldValue<DateTimeOffset>(0), r.GetString(1), S(2), S(3), S(4), S(5), S(6), S(7), r.GetString(8), r.GetGuid(9)));
        return list;
    }
}
