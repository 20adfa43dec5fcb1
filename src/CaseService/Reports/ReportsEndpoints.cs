using Atencion.CaseService.Entities;
using Atencion.CaseService.Http;
using Atencion.Domain.Cases;
using Atencion.Projections.Contacts;
using Atencion.Projections.Indicators;
using Atencion.Projections.Reports;

namespace Atencion.CaseService.Reports;

/// <summary>The monthly PQRSD report.</summary>
/// <param name="Month">YYYY-MM.</param>
/// <param name="Statistics">The counters of the month.</param>
public sealed record PqrsdMonthReport(string Month, PqrsdStatistics Statistics);

/// <summary>The quarterly report (Itagüí): the quarter's statistics, each month's totals, and the quarter's indicators.</summary>
/// <param name="Quarter">YYYY-Qn.</param>
/// <param name="Statistics">The counters of the whole quarter.</param>
/// <param name="Months">Each month's totals.</param>
/// <param name="Indicators">The indicators over the quarter.</param>
public sealed record QuarterlyReport(string Quarter, PqrsdStatistics Statistics, IReadOnlyList<PqrsdMonthTotals> Months, IndicatorSet Indicators);

/// <summary>One month's totals within a quarter.</summary>
public sealed record PqrsdMonthTotals(string Month, PqrsdCounts Totals);

/// <summary>One page of the contact register of a period.</summary>
/// <param name="From">First day.</param>
/// <param name="To">Last day.</param>
/// <param name="Contacts">This page's contacts, oldest first.</param>
/// <param name="Page">The page (from 1).</param>
/// <param name="PageSize">Contacts per page.</param>
/// <param name="Total">Contacts in the whole period: more pages follow while <c>page × pageSize &lt; total</c>.</param>
public sealed record ContactsReport(DateOnly From, DateOnly To, IReadOnlyList<Contact> Contacts, int Page, int PageSize, long Total);

public static class ReportsEndpoints
{
    private static readonly string[] CountColumns = ["received", "answered", "answeredOnTime", "overdue", "referred", "extended", "withdrawn"];

    /// <summary><c>GET reports/pqrsd?month=YYYY-MM</c>.</summary>
    public static async Task<IResult> Pqrsd(string? month, HttpContext http, CaseFactsReader facts, TimeProvider time, CancellationToken ct)
    {
        if (ReportFormat.WantsCsv(http.Request) is not { } csv) return ReportFormat.NotAcceptable(http.Request);
        var (from, to) = Periods.Month(month);
        var stats = await StatisticsAsync(http, facts, time, from, to, ct);
        var name = $"{from:yyyy-MM}";
        return csv
            ? ReportFormat.Csv($"pqrsd-{name}.csv", ["period", "dimension", "key", .. CountColumns], Rows(name, stats))
            : TypedResults.Ok(new PqrsdMonthReport(name, stats));
    }

    /// <summary><c>GET reports/quarterly?quarter=YYYY-Qn</c>.</summary>
    public static async Task<IResult> Quarterly(string? quarter, HttpContext http, CaseFactsReader facts, Indicators.InPersonIndicator inPerson, TimeProvider time, CancellationToken ct)
    {
        if (ReportFormat.WantsCsv(http.Request) is not { } csv) return ReportFormat.NotAcceptable(http.Request);
        var (from, to) = Periods.Quarter(quarter);
        var name = $"{from.Year}-Q{(from.Month - 1) / 3 + 1}";
        var stats = await StatisticsAsync(http, facts, time, from, to, ct);
        var months = new List<PqrsdMonthTotals>();
        for (var m = from; m <= to; m = m.AddMonths(1))
            months.Add(new PqrsdMonthTotals($"{m:yyyy-MM}", (await StatisticsAsync(http, facts, time, m, m.AddMonths(1).AddDays(-1), ct)).Totals));
        var indicators = await Indicators.IndicatorsEndpoint.ComputeAsync(http, facts, inPerson, time, from, to, ct);
        if (csv)
            return ReportFormat.Csv($"quarterly-{name}.csv",
                new CsvSection(["period", "dimension", "key", .. CountColumns], months.Select(m => Row(m.Month, "total", null, m.Totals)).Concat(Rows(name, stats))),
                new CsvSection(IndicatorsCsv.Header, IndicatorsCsv.Rows(name, indicators, JsonOf(http))));
        return TypedResults.Ok(new QuarterlyReport(name, stats, months, indicators));
    }

    /// <summary><c>GET reports/access-to-information?from=&amp;to=</c> (Ley 1712 de 2014).</summary>
    public static async Task<IResult> AccessToInformation(string? from, string? to, HttpContext http, CaseFactsReader facts, TimeProvider time, CancellationToken ct)
    {
        if (ReportFormat.WantsCsv(http.Request) is not { } csv) return ReportFormat.NotAcceptable(http.Request);
        var (f, t) = Periods.Range(from, to);
        var clock = EntityClock.For(TenantFilter.EntityOf(http), time);
        var report = AccessToInformationReport.Compute(await facts.ReceivedAsync(TenantFilter.TenantOf(http).Value, f, t, clock.Zone, ct), f, t);
        if (!csv) return TypedResults.Ok(report);
        DateTimeOffset? Local(DateTimeOffset? at) => at is { } a ? TimeZoneInfo.ConvertTime(a, clock.Zone) : null;
        return ReportFormat.Csv($"access-to-information-{f:yyyy-MM-dd}-{t:yyyy-MM-dd}.csv",
            new CsvSection(["from", "to", "received", "referred", "answered", "denied", "averageBusinessDays"],
                [[report.From, report.To, report.Received, report.Referred, report.Answered, report.Denied, report.AverageBusinessDays]]),
            new CsvSection(["caseId", "radicado", "receivedAt", "referredAt", "referredTo", "answeredAt", "businessDays", "onTime", "denied", "outcome"],
                report.Requests.Select(r => new object?[]
                {
                    r.CaseId, r.Radicado, Local(r.ReceivedAt), Local(r.ReferredAt), r.ReferredTo, Local(r.AnsweredAt), r.BusinessDays, r.OnTime, r.Denied, r.Outcome,
                })));
    }

    /// <summary>The contact register's default page size (JSON).</summary>
    public const int DefaultContactsPageSize = 1_000;

    /// <summary>The contact register's largest page size (JSON).</summary>
    public const int MaxContactsPageSize = 5_000;

    /// <summary><c>GET reports/contacts?from=&amp;to=&amp;page=&amp;pageSize=</c>: the contact register (FOR-DIC-04). JSON is paged with the total; CSV streams every row.</summary>
    public static async Task<IResult> Contacts(string? from, string? to, int? page, int? pageSize, HttpContext http, ContactRegister register, TimeProvider time, CancellationToken ct)
    {
        if (ReportFormat.WantsCsv(http.Request) is not { } csv) return ReportFormat.NotAcceptable(http.Request);
        var (f, t) = Periods.Range(from, to, maxDays: 366);
        var v = new Domain.Common.Validator();
        if (page is < 1) v.Add("page", "must be 1 or more.");
        if (pageSize is < 1 or > MaxContactsPageSize) v.Add("pageSize", $"must be between 1 and {MaxContactsPageSize}.");
        if (csv && (page is not null || pageSize is not null)) v.Add(page is not null ? "page" : "pageSize", "CSV has every contact of the period in one file; page and pageSize are for JSON.");
        v.ThrowIfAny();
        var clock = EntityClock.For(TenantFilter.EntityOf(http), time);
        var tenant = TenantFilter.TenantOf(http).Value;
        if (!csv)
        {
            var (p, size) = (page ?? 1, pageSize ?? DefaultContactsPageSize);
            var (contacts, total) = await register.ReadPageAsync(tenant, f, t, clock.Zone, p, size, ct);
            return TypedResults.Ok(new ContactsReport(f, t, contacts, p, size, total));
        }
        return ReportFormat.CsvStream($"contacts-{f:yyyy-MM-dd}-{t:yyyy-MM-dd}.csv",
            ["contactAt", "channel", "kind", "citizenName", "citizenId", "type", "topic", "radicado", "attendedBy", "outcome", "caseId"],
            Rows(register.ReadAllAsync(tenant, f, t, clock.Zone, http.RequestAborted), clock.Zone));

        static async IAsyncEnumerable<object?[]> Rows(IAsyncEnumerable<Contact> contacts, TimeZoneInfo zone)
        {
            await foreach (var c in contacts)
                yield return [TimeZoneInfo.ConvertTime(c.ContactAt, zone), c.Channel, c.Kind, c.CitizenName, c.CitizenId, c.Type, c.Topic, c.Radicado, c.AttendedBy, c.Outcome, c.CaseId];
        }
    }

    private static System.Text.Json.JsonSerializerOptions JsonOf(HttpContext http) =>
        http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;

    private static async Task<PqrsdStatistics> StatisticsAsync(HttpContext http, CaseFactsReader facts, TimeProvider time, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var tenant = TenantFilter.TenantOf(http).Value;
        var clock = EntityClock.For(TenantFilter.EntityOf(http), time);
        var active = await facts.ActiveAsync(tenant, from, to, clock.Zone, ct);
        var pending = await facts.PendingAsync(tenant, ct);
        return PqrsdStatistics.Compute(active.Concat(pending), from, to, clock.Zone, clock.Now);
    }

    private static IEnumerable<object?[]> Rows(string period, PqrsdStatistics s) =>
        new[] { Row(period, "total", null, s.Totals) }
            .Concat(s.ByType.Select(c => Row(period, "type", c.Key, c)))
            .Concat(s.ByChannel.Select(c => Row(period, "channel", c.Key, c)))
            .Concat(s.ByTopic.Select(c => Row(period, "topic", c.Key, c)));

    private static object?[] Row(string period, string dimension, string? key, PqrsdCounts c) =>
        [period, dimension, key, c.Received, c.Answered, c.AnsweredOnTime, c.Overdue, c.Referred, c.Extended, c.Withdrawn];
}
