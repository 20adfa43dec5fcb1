using System.Text.Json;
using Atencion.Domain.Calendar;
using Npgsql;

namespace Atencion.CaseService.Tests.Reports;

/// <summary>One stored event, read straight from Marten's <c>mt_events</c> (and the chain's transaction id) with no code of the service.</summary>
public sealed record RawEvent(Guid Stream, long Version, string Type, JsonElement Data, DateTimeOffset At, string? User, string Tx = "");

/// <summary>
/// An independent recomputation of the reports' figures: a plain fold over the raw rows of the log, written from the
/// definitions in docs/indicators.md, sharing no code with the projections it checks.
/// </summary>
public sealed class RawLog(IReadOnlyList<RawEvent> events)
{
    private static readonly TimeZoneInfo Bogota = EntityTimeZone.Default;

    public static async Task<RawLog> ReadAsync(ServiceFixture f, string tenant) => new(await ReadStreamsAsync(f, tenant, "case"));

    /// <summary>The events of the tenant's kiosk turns, grouped by turn.</summary>
    public static async Task<IEnumerable<IGrouping<Guid, RawEvent>>> ReadTurnsAsync(ServiceFixture f, string tenant) =>
        (await ReadStreamsAsync(f, tenant, "turn")).GroupBy(e => e.Stream);

    private static async Task<List<RawEvent>> ReadStreamsAsync(ServiceFixture f, string tenant, string streamType)
    {
        await using var conn = new NpgsqlConnection(f.Db.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            select e.stream_id, e.version, e.type, e.data::text, e.timestamp, e.user_name, h.tx_id::text
            from atencion_es.mt_events e join atencion_es.event_hashes h on h.seq_id = e.seq_id
            where e.tenant_id = $1 and e.headers ->> 'streamType' = $2 order by e.stream_id, e.version
            """, conn);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(streamType);
        var list = new List<RawEvent>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
            list.Add(new RawEvent(r.GetGuid(0), r.GetInt64(1), r.GetString(2), JsonDocument.Parse(r.GetString(3)).RootElement.Clone(),
                r.GetFieldValue<DateTimeOffset>(4), r.IsDBNull(5) ? null : r.GetString(5), r.GetString(6)));
        return list;
    }

    public IEnumerable<IGrouping<Guid, RawEvent>> Cases => events.GroupBy(e => e.Stream);

    public static DateOnly Day(DateTimeOffset at) => EntityTimeZone.LocalDate(at, Bogota);

    public static bool In(DateTimeOffset at, DateOnly from, DateOnly to) => Day(at) >= from && Day(at) <= to;

    public static string S(RawEvent e, string p) => e.Data.GetProperty(p).GetString()!;

    /// <summary>The last value of a property over events of a type, or null.</summary>
    public static string? Last(IEnumerable<RawEvent> stream, string type, string p) =>
        stream.LastOrDefault(e => e.Type == type) is { } e && e.Data.GetProperty(p).ValueKind == JsonValueKind.String ? S(e, p) : null;

    public static RawEvent? FirstResponse(IEnumerable<RawEvent> stream) => stream.FirstOrDefault(e => e.Type == "ResponseIssued");

    /// <summary>A case is pending when it has no answer and is not closed (a reopening after the last close undoes it).</summary>
    public static bool Pending(IReadOnlyList<RawEvent> stream)
    {
        if (FirstResponse(stream) is not null) return false;
        var lastClose = stream.LastOrDefault(e => e.Type == "CaseClosed")?.Version ?? 0;
        var lastReopen = stream.LastOrDefault(e => e.Type == "CaseReopened")?.Version ?? 0;
        return lastClose == 0 || lastReopen > lastClose;
    }

    /// <summary>
    /// The due date now: the last of classification, extension or completion to set one; before any, the provisional one the
    /// opening recorded (the general term), unless the case came through a live chat that has not ended with the citizen
    /// gone (left or silent).
    /// </summary>
    public static DateOnly? Due(IReadOnlyList<RawEvent> stream)
    {
        var e = stream.LastOrDefault(x => x.Type is "CaseOpened" or "CaseClassified" or "DeadlineExtended" or "CompletionReceived");
        if (e?.Type == "CaseOpened" && stream.Any(x => x.Type == "ChatStarted" && S(x, "mode") == "live")
            && !stream.Any(x => x.Type == "ChatClosed" && S(x, "reason") is "inactivity" or "citizen")) return null;
        var p = e?.Type switch { "CaseClassified" => "dueDate", "CaseOpened" => "provisionalDueDate", null => null, _ => "newDueDate" };
        if (p is not null && !e!.Data.TryGetProperty(p, out _)) return null;
        return p is not null && e!.Data.GetProperty(p).ValueKind == JsonValueKind.String ? DateOnly.Parse(S(e, p)) : null;
    }

    public static bool Suspended(IReadOnlyList<RawEvent> stream) =>
        (stream.LastOrDefault(e => e.Type == "CompletionRequested")?.Version ?? 0) > (stream.LastOrDefault(e => e.Type is "CompletionReceived" or "ResponseIssued")?.Version ?? 0);

    /// <summary>Whether the last classification said the matter is the entity's competence (true until classified otherwise).</summary>
    public static bool Competent(IReadOnlyList<RawEvent> stream) =>
        stream.LastOrDefault(e => e.Type == "CaseClassified") is not { } c || !c.Data.TryGetProperty("competent", out var p) || p.ValueKind != JsonValueKind.False;

    /// <summary>The referral due date of the last classification, if any.</summary>
    public static DateOnly? ReferralDue(IReadOnlyList<RawEvent> stream) =>
        Last(stream, "CaseClassified", "referralDueDate") is { } d ? DateOnly.Parse(d) : null;

    /// <summary>
    /// Overdue on a day, as docs/pqrsd.md defines it: pending (no answer, not closed) and either competent, not suspended and
    /// past its due date, or not competent, never referred and past its referral due date.
    /// </summary>
    public static bool OverdueOn(IReadOnlyList<RawEvent> stream, DateOnly today) =>
        Pending(stream) && (Competent(stream)
            ? !Suspended(stream) && Due(stream) is { } d && d < today
            : !stream.Any(e => e.Type == "CaseReferred") && ReferralDue(stream) is { } r && r < today);

    public static decimal? Pct(int n, int of) => of == 0 ? null : Math.Round(100m * n / of, 2, MidpointRounding.AwayFromZero);
}
