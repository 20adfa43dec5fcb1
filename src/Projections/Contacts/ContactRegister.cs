using System.Runtime.CompilerServices;
using Npgsql;

namespace Atencion.Projections.Contacts;

/// <summary>One row of the contact register (FOR-DIC-04).</summary>
/// <param name="ContactAt">When the contact was received.</param>
/// <param name="Channel">The channel of the contact.</param>
/// <param name="Kind"><c>opening</c>: the contact that opened the case; <c>email-reply</c>: a later email from the citizen threaded into it.</param>
/// <param name="CitizenName">The citizen's name, if given.</param>
/// <param name="CitizenId">The citizen's ID ("cc 1098…"), if given.</param>
/// <param name="Type">The case's PQRSD type, once classified.</param>
/// <param name="Topic">The case's topic, once classified.</param>
/// <param name="Radicado">The case's filing number, once filed.</param>
/// <param name="AttendedBy">The staff member who attended the case.</param>
/// <param name="Outcome">The case's outcome so far.</param>
/// <param name="CaseId">The case the contact opened or belongs to.</param>
public sealed record Contact(DateTimeOffset ContactAt, string Channel, string Kind, string? CitizenName, string? CitizenId, string? Type, string? Topic,
    string? Radicado, string? AttendedBy, string Outcome, Guid CaseId);

/// <summary>Reads the contact register from the live <c>contacts</c> projection, oldest first (then by case and contact number).</summary>
public sealed class ContactRegister
{
    private readonly NpgsqlDataSource db;
    private readonly int readBatch;

    /// <summary>Refuses a read batch outside 1–100 000 at start-up rather than failing every export.</summary>
    /// <param name="db">The service's data source.</param>
    /// <param name="readBatch">How many rows <see cref="ReadAllAsync"/> fetches per query (configuration <c>Reports:ContactsReadBatch</c>).</param>
    public ContactRegister(NpgsqlDataSource db, int readBatch = DefaultReadBatch)
    {
        if (readBatch is < 1 or > 100_000)
            throw new InvalidOperationException($"Reports:ContactsReadBatch must be between 1 and 100000, not {readBatch}.");
        this.db = db;
        this.readBatch = readBatch;
    }

    /// <summary>Rows per query when streaming the whole register.</summary>
    public const int DefaultReadBatch = 5_000;

    private const string Columns = "contact_at, channel, kind, citizen_name, citizen_id, type, topic, radicado, attended_by, outcome, case_id, contact_no";

    private static string Table => $"{Marten.AsyncProjectionSource.LiveSchema(ContactRegisterProjection.ProjectionName)}.contacts";

    /// <summary>One page of the contacts received in a period of local dates, and how many there are in all.</summary>
    public async Task<(IReadOnlyList<Contact> Contacts, long Total)> ReadPageAsync(string tenant, DateOnly from, DateOnly to, TimeZoneInfo zone,
        int page, int pageSize, CancellationToken ct)
    {
        var (start, end) = Reports.CaseFactsReader.Bounds(from, to, zone);
        long total;
        await using (var count = db.CreateCommand($"select count(*) from {Table} where tenant_id = @tenant and contact_at >= @start and contact_at < @end"))
        {
            Bind(count, tenant, start, end);
            total = (long)(await count.ExecuteScalarAsync(ct))!;
        }
        await using var cmd = db.CreateCommand($"""
            select {Columns} from {Table}
            where tenant_id = @tenant and contact_at >= @start and contact_at < @end
            order by contact_at, case_id, contact_no limit @limit offset @offset
            """);
        Bind(cmd, tenant, start, end);
        cmd.Parameters.AddWithValue("limit", pageSize);
        cmd.Parameters.AddWithValue("offset", (long)(page - 1) * pageSize);
        var list = new List<Contact>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(Map(r));
        return (list, total);
    }

    /// <summary>Every contact received in a period of local dates, streamed in batches (keyset pagination): nothing is left out.</summary>
    public async IAsyncEnumerable<Contact> ReadAllAsync(string tenant, DateOnly from, DateOnly to, TimeZoneInfo zone, [EnumeratorCancellation] CancellationToken ct)
    {
        var (start, end) = Reports.CaseFactsReader.Bounds(from, to, zone);
        (DateTimeOffset At, Guid Case, int No)? after = null;
        while (true)
        {
            await using var cmd = db.CreateCommand($"""
                select {Columns} from {Table}
                where tenant_id = @tenant and contact_at >= @start and contact_at < @end
                  and (@first or (contact_at, case_id, contact_no) > (@at, @case, @no))
                order by contact_at, case_id, contact_no limit @limit
                """);
            Bind(cmd, tenant, start, end);
            cmd.Parameters.AddWithValue("first", after is null);
            cmd.Parameters.AddWithValue("at", (after?.At ?? start).ToUniversalTime());
            cmd.Parameters.AddWithValue("case", after?.Case ?? Guid.Empty);
            cmd.Parameters.AddWithValue("no", after?.No ?? 0);
            cmd.Parameters.AddWithValue("limit", readBatch);
            var batch = new List<(Contact, int)>();
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct)) batch.Add((Map(r), r.GetInt32(11)));
            foreach (var (c, _) in batch) yield return c;
            if (batch.Count < readBatch) yield break;
            var (last, no) = batch[^1];
            after = (last.ContactAt, last.CaseId, no);
        }
    }

    private static void Bind(NpgsqlCommand cmd, string tenant, DateTimeOffset start, DateTimeOffset end)
    {
        cmd.Parameters.AddWithValue("tenant", tenant);
        cmd.Parameters.AddWithValue("start", start.ToUniversalTime());
        cmd.Parameters.AddWithValue("end", end.ToUniversalTime());
    }

    private static Contact Map(NpgsqlDataReader r)
    {
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        return new Contact(r.GetFieldValue<DateTimeOffset>(0), r.GetString(1), r.GetString(2), S(3), S(4), S(5), S(6), S(7), S(8), r.GetString(9), r.GetGuid(10));
    }
}
