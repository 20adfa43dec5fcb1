using System.Text.Json;
using Atencion.Domain.Calendar;
using static Atencion.CaseService.Tests.Reports.RawLog;

namespace Atencion.CaseService.Tests.Reports;

/// <summary>
/// Reads every figure of the reports endpoints for one tenant and month and asserts that each equals the one recomputed by a
/// plain fold of the raw log (<see cref="RawLog"/>). Scenario-independent: callers add their own assertions on what the
/// scenario holds, so the comparisons are not vacuous.
/// </summary>
public sealed class ReportFigures(ServiceFixture f, string tenant)
{
    /// <summary>The period compared: March 2026, the month the scenarios run in.</summary>
    public static readonly DateOnly From = new(2026, 3, 1), To = new(2026, 3, 31);

    /// <summary>Every comparison below, in turn.</summary>
    public async Task AllEqualTheLogAsync()
    {
        await IndicatorsAsync();
        await StatisticsAsync();
        await AccessToInformationAndContactsAsync();
    }

    private async Task<JsonElement> Get(string url)
    {
        await f.ProjectionsCaughtUpAsync();
        return (await f.As(tenant, "control", "procuraduria").Scenario(x => x.Get.Url($"/api/{tenant}/{url}"))).Json();
    }

    private static void Same(int count, int of, JsonElement share, string what)
    {
        Assert.True(count == share.GetProperty("count").GetInt32(), $"{what}: count {share}, expected {count}");
        Assert.True(of == share.GetProperty("of").GetInt32(), $"{what}: of {share}, expected {of}");
        Assert.Equal(Pct(count, of), share.GetProperty("percent").ValueKind == JsonValueKind.Null ? null : share.GetProperty("percent").GetDecimal());
    }

    /// <summary>The indicators of the period equal the fold; returns the endpoint's body.</summary>
    public async Task<JsonElement> IndicatorsAsync()
    {
        var body = await Get($"indicators?from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}");
        var log = await ReadAsync(f, tenant);
        var cases = log.Cases.Select(g => g.ToList()).ToList();
        var today = Day(f.Time.GetUtcNow());

        // Timeliness and response time: the first answer of each case issued in the period.
        var answers = cases.Select(c => (Case: c, R: FirstResponse(c))).Where(x => x.R is { } r && In(r.At, From, To)).ToList();
        Same(answers.Count(a => a.R!.Data.GetProperty("onTime").GetBoolean()), answers.Count, body.GetProperty("timeliness"), "timeliness");
        var days = answers.Select(a => a.R!.Data.GetProperty("businessDays").GetInt32()).ToList();
        var overall = body.GetProperty("responseTime");
        Assert.Equal(days.Count, overall.GetProperty("answered").GetInt32());
        Assert.Equal(Math.Round((decimal)days.Sum() / days.Count, 2), overall.GetProperty("averageBusinessDays").GetDecimal());
        Assert.Equal(days.Order().ToList()[(int)Math.Ceiling(0.9 * days.Count) - 1], overall.GetProperty("p90BusinessDays").GetInt32());
        var byType = answers.GroupBy(a => Last(a.Case, "CaseClassified", "type")!).ToDictionary(g => g.Key, g => g.Select(a => a.R!.Data.GetProperty("businessDays").GetInt32()).ToList());
        var typed = body.GetProperty("responseTimeByType").EnumerateArray().ToDictionary(e => e.GetProperty("type").GetString()!);
        Assert.Equal(byType.Keys.Order(), typed.Keys.Order());
        foreach (var (type, d) in byType)
        {
            Assert.Equal(Math.Round((decimal)d.Sum() / d.Count, 2), typed[type].GetProperty("averageBusinessDays").GetDecimal());
            Assert.Equal(d.Order().ToList()[(int)Math.Ceiling(0.9 * d.Count) - 1], typed[type].GetProperty("p90BusinessDays").GetInt32());
        }

        // Satisfaction: answers in the period; satisfied = need met and mean score >= 4.
        var requested = log.Cases.SelectMany(c => c).Where(e => e.Type == "SurveyRequested").ToDictionary(e => S(e, "surveyId"));
        var surveyAnswers = log.Cases.SelectMany(c => c).Where(e => e.Type == "SurveyAnswered" && In(e.At, From, To)).ToList();
        bool Satisfied(RawEvent e) => e.Data.GetProperty("needMet").GetBoolean()
            && new[] { "courtesy", "quality", "timeliness", "competence" }.Average(p => e.Data.GetProperty(p).GetInt32()) >= 4;
        var satisfaction = body.GetProperty("satisfaction");
        Same(surveyAnswers.Count(Satisfied), surveyAnswers.Count, satisfaction.GetProperty("overall"), "satisfaction");
        foreach (var group in satisfaction.GetProperty("byStaffMember").EnumerateArray())
        {
            var mine = surveyAnswers.Where(a => requested[S(a, "surveyId")].Data.GetProperty("staffMember").GetString() == group.GetProperty("key").GetString()).ToList();
            Same(mine.Count(Satisfied), mine.Count, group.GetProperty("satisfied"), $"satisfaction of {group.GetProperty("key")}");
        }
        foreach (var group in satisfaction.GetProperty("byChannel").EnumerateArray())
        {
            var mine = surveyAnswers.Where(a => S(requested[S(a, "surveyId")], "channel") == group.GetProperty("key").GetString()).ToList();
            Same(mine.Count(Satisfied), mine.Count, group.GetProperty("satisfied"), $"satisfaction by {group.GetProperty("key")}");
        }

        // Calidad en la respuesta de las PQRSD: answers in the period on cases typed as anything but orientation (as now).
        var pqrsd = log.Cases.Where(c => Last(c, "CaseClassified", "type") is { } t && t != "orientation").Select(c => c.Key).ToHashSet();
        var calidad = surveyAnswers.Where(a => pqrsd.Contains(a.Stream)).Select(a => a.Data.GetProperty("quality").GetInt32()).ToList();
        var quality = body.GetProperty("responseQuality");
        Same(calidad.Count(q => q >= 4), calidad.Count, quality.GetProperty("goodOrBetter"), "calidad 4 or more");
        Assert.True(calidad.Count > 0, "the scenario has survey answers on PQRSD cases");
        Assert.Equal(Math.Round((decimal)calidad.Sum() / calidad.Count, 2, MidpointRounding.AwayFromZero), quality.GetProperty("averageQuality").GetDecimal());

        // Chat service level: chats started in the period.
        var chats = cases.Select(c => (Case: c, Start: c.FirstOrDefault(e => e.Type == "ChatStarted"))).Where(x => x.Start is { } s && In(s.At, From, To)).ToList();
        var live = chats.Where(x => S(x.Start!, "mode") == "live").ToList();
        var waits = live.Select(x => x.Case.FirstOrDefault(e => e.Type == "MessagePosted" && S(e, "from") == "advisor") is { } m ? (decimal?)(decimal)(m.At - x.Start!.At).TotalSeconds : null)
            .Where(s => s is not null).Select(s => s!.Value).Order().ToList();
        var chat = body.GetProperty("chat");
        Same(waits.Count(w => w <= 60), live.Count, chat.GetProperty("firstReplyWithin60Seconds"), "first reply within 60 s");
        var median = waits.Count % 2 == 1 ? waits[waits.Count / 2] : (waits[waits.Count / 2 - 1] + waits[waits.Count / 2]) / 2;
        Assert.Equal(Math.Round(median, 1), chat.GetProperty("medianFirstReplySeconds").GetDecimal());
        Same(chats.Count(x => x.Case.LastOrDefault(e => e.Type == "ChatClosed") is { } c && S(c, "reason") == "inactivity"), chats.Count, chat.GetProperty("closedForInactivity"), "closed for inactivity");
        var offline = chats.Where(x => S(x.Start!, "mode") == "offline").ToList();
        var calendar = BusinessCalendar.National;
        var inTime = offline.Count(x =>
        {
            var answered = x.Case.Where(e => e.Type == "ResponseIssued" || (e.Type == "MessagePosted" && S(e, "from") == "advisor")).Select(e => (DateTimeOffset?)e.At).Min();
            return answered is { } a && Day(a) <= calendar.AddBusinessDays(calendar.LegalReceiptDate(x.Start!.At, EntityTimeZone.Default), 1);
        });
        Same(inTime, offline.Count, chat.GetProperty("offlineAnsweredWithinOneBusinessDay"), "offline answered within a business day");

        // Referrals, breaches, extensions, open overdue now.
        var referrals = cases.SelectMany(c => c).Where(e => e.Type == "CaseReferred" && In(e.At, From, To)).ToList();
        Same(referrals.Count(e => !e.Data.GetProperty("late").GetBoolean()), referrals.Count, body.GetProperty("referrals"), "referrals");
        Assert.Equal(cases.SelectMany(c => c).Count(e => e.Type == "DeadlineBreached" && In(e.At, From, To)), body.GetProperty("breaches").GetInt32());
        Assert.Equal(cases.SelectMany(c => c).Count(e => e.Type == "DeadlineExtended" && In(e.At, From, To)), body.GetProperty("extensions").GetInt32());
        Assert.Equal(cases.Count(c => OverdueOn(c, today)), body.GetProperty("openOverdueNow").GetInt32());
        await InPersonEqualsTheLogAsync(body.GetProperty("inPerson"));
        return body;
    }

    /// <summary>
    /// The in-person service level equals a fold of the kiosk turns' own streams: the turns issued on a day of the period, how
    /// they ended, the waits of the called ones and the service times of the served ones (docs/indicators.md).
    /// </summary>
    private async Task InPersonEqualsTheLogAsync(JsonElement inPerson)
    {
        var target = inPerson.GetProperty("waitTargetMinutes").GetInt32();
        var turns = (await ReadTurnsAsync(f, tenant))
            .Select(g => g.ToList())
            .Where(t => t[0].Type == "TurnIssued" && DateOnly.Parse(S(t[0], "day")) is var d && d >= From && d <= To)
            .Select(t => (
                Service: S(t[0], "service"),
                Wait: t.FirstOrDefault(e => e.Type == "TurnCalled")?.Data.GetProperty("waitedSeconds").GetInt32(),
                ServiceTime: t.FirstOrDefault(e => e.Type == "TurnServed")?.Data.GetProperty("serviceSeconds").GetInt32(),
                Expiry: t.FirstOrDefault(e => e.Type == "TurnExpired") is { } x ? S(x, "reason") : null))
            .ToList();

        void Group(JsonElement g, IReadOnlyList<(string Service, int? Wait, int? ServiceTime, string? Expiry)> ts, string what)
        {
            Assert.True(ts.Count == g.GetProperty("issued").GetInt32(), $"{what}: issued {g}");
            var waits = ts.Where(t => t.Wait is not null).Select(t => t.Wait!.Value).ToList();
            Assert.Equal(waits.Count, g.GetProperty("called").GetInt32());
            Assert.Equal(ts.Count(t => t.ServiceTime is not null), g.GetProperty("served").GetInt32());
            Assert.Equal(ts.Count(t => t.Expiry is not null), g.GetProperty("expired").GetInt32());
            Assert.Equal(ts.Count(t => t.Expiry == "no-show"), g.GetProperty("noShows").GetInt32());
            Same(waits.Count(w => w <= target * 60), ts.Count(t => t.Wait is not null || t.Expiry is not null), g.GetProperty("calledWithinTarget"), $"{what}: called within target");
            SameDurations(waits, g.GetProperty("waiting"), $"{what}: waiting");
            SameDurations(ts.Where(t => t.ServiceTime is not null).Select(t => t.ServiceTime!.Value).ToList(), g.GetProperty("serviceTime"), $"{what}: service time");
        }

        Group(inPerson.GetProperty("overall"), turns, "in person");
        var byService = inPerson.GetProperty("byService").EnumerateArray().ToDictionary(g => g.GetProperty("service").GetString()!);
        Assert.Equal(turns.Select(t => t.Service).Distinct().Order(StringComparer.Ordinal), byService.Keys);
        foreach (var service in turns.GroupBy(t => t.Service))
            Group(byService[service.Key], service.ToList(), $"in person, {service.Key}");
    }

    /// <summary>Count, mean (2 decimals, half away from zero), median (mean of the middle two) and nearest-rank 90th percentile.</summary>
    private static void SameDurations(IReadOnlyList<int> seconds, JsonElement stats, string what)
    {
        var sorted = seconds.Order().ToList();
        decimal? Dec(string p) => stats.GetProperty(p).ValueKind == JsonValueKind.Null ? null : stats.GetProperty(p).GetDecimal();
        Assert.True(sorted.Count == stats.GetProperty("measured").GetInt32(), $"{what}: measured {stats}");
        decimal? average = sorted.Count == 0 ? null : Math.Round((decimal)sorted.Sum() / sorted.Count, 2, MidpointRounding.AwayFromZero);
        decimal? median = sorted.Count == 0 ? null
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2m;
        int? p90 = sorted.Count == 0 ? null : sorted[(int)Math.Ceiling(0.9 * sorted.Count) - 1];
        Assert.True(average == Dec("averageSeconds"), $"{what}: average {stats}, expected {average}");
        Assert.True(median == Dec("medianSeconds"), $"{what}: median {stats}, expected {median}");
        Assert.True(p90 == (stats.GetProperty("p90Seconds").ValueKind == JsonValueKind.Null ? null : stats.GetProperty("p90Seconds").GetInt32()),
            $"{what}: p90 {stats}, expected {p90}");
    }

    /// <summary>The month's statistics and the first quarter's equal the fold; returns March's statistics.</summary>
    public async Task<JsonElement> StatisticsAsync()
    {
        var month = (await Get("reports/pqrsd?month=2026-03")).GetProperty("statistics");
        var quarter = await Get("reports/quarterly?quarter=2026-Q1");
        var log = await ReadAsync(f, tenant);
        var today = Day(f.Time.GetUtcNow());
        var pqrsd = log.Cases.Select(g => g.ToList()).Where(c => Last(c, "CaseClassified", "type") is { } t && t != "orientation").ToList();

        int[] Counts(IReadOnlyList<List<RawEvent>> cases) =>
        [
            cases.Count(c => In(DateTimeOffset.Parse(S(c[0], "receivedAt")), From, To)),
            cases.Count(c => FirstResponse(c) is { } r && In(r.At, From, To)),
            cases.Count(c => FirstResponse(c) is { } r && In(r.At, From, To) && r.Data.GetProperty("onTime").GetBoolean()),
            // The term that applies fell in the month and was missed: the answer's (met late, or overdue now) when competent,
            // the referral's (referred late, or overdue now) when not.
            cases.Count(c => Competent(c)
                ? Due(c) is { } d && d >= From && d <= To
                  && (FirstResponse(c) is { } r ? !r.Data.GetProperty("onTime").GetBoolean() : OverdueOn(c, today))
                : ReferralDue(c) is { } d2 && d2 >= From && d2 <= To
                  && (c.FirstOrDefault(e => e.Type == "CaseReferred") is { } x ? x.Data.GetProperty("late").GetBoolean() : OverdueOn(c, today))),
            cases.Count(c => c.Any(e => e.Type == "CaseReferred" && In(e.At, From, To))),
            cases.Count(c => c.Any(e => e.Type == "DeadlineExtended" && In(e.At, From, To))),
            cases.Count(c => !Pending(c) && c.LastOrDefault(e => e.Type is "CaseClosed" or "CaseReopened") is { Type: "CaseClosed" } x
                && S(x, "reason") is "withdrawn" or "tacit-withdrawal" && In(x.At, From, To)),
        ];
        string[] names = ["received", "answered", "answeredOnTime", "overdue", "referred", "extended", "withdrawn"];
        void Equal(int[] expected, JsonElement counts, string what)
        {
            for (var i = 0; i < names.Length; i++)
                Assert.True(expected[i] == counts.GetProperty(names[i]).GetInt32(), $"{what}.{names[i]}: {counts}, expected {expected[i]}");
        }

        Equal(Counts(pqrsd), month.GetProperty("totals"), "totals");
        foreach (var row in month.GetProperty("byType").EnumerateArray())
            Equal(Counts(pqrsd.Where(c => Last(c, "CaseClassified", "type") == row.GetProperty("key").GetString()).ToList()), row, $"type {row.GetProperty("key")}");
        foreach (var row in month.GetProperty("byChannel").EnumerateArray())
            Equal(Counts(pqrsd.Where(c => S(c[0], "channel") == row.GetProperty("key").GetString()).ToList()), row, $"channel {row.GetProperty("key")}");
        Assert.Equal(pqrsd.Select(c => Last(c, "CaseClassified", "type")).Distinct().Count(), month.GetProperty("byType").GetArrayLength());

        // Q1 = January, February (nothing) and March: the quarter's totals are March's, and its indicators are the period's.
        Equal(Counts(pqrsd), quarter.GetProperty("statistics").GetProperty("totals"), "quarter");
        var months = quarter.GetProperty("months").EnumerateArray().ToList();
        Assert.Equal(["2026-01", "2026-02", "2026-03"], months.Select(m => m.GetProperty("month").GetString()));
        Assert.Equal(0, months[0].GetProperty("totals").GetProperty("received").GetInt32());
        Assert.Equal(month.GetProperty("totals").ToString(), months[2].GetProperty("totals").ToString());
        Assert.Equal("2026-01-01", quarter.GetProperty("indicators").GetProperty("from").GetString());
        return month;
    }

    /// <summary>The access-to-information report and the contact register of the period equal the fold; returns both.</summary>
    public async Task<(JsonElement Report, List<JsonElement> Contacts)> AccessToInformationAndContactsAsync()
    {
        var report = await Get($"reports/access-to-information?from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}");
        var register = await Get($"reports/contacts?from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}");
        var contacts = register.GetProperty("contacts").EnumerateArray().ToList();
        var log = await ReadAsync(f, tenant);
        var all = log.Cases.Select(g => g.ToList()).ToList();
        var info = all.Where(c => Last(c, "CaseClassified", "type") == "information-request" && In(DateTimeOffset.Parse(S(c[0], "receivedAt")), From, To)).ToList();

        Assert.Equal(info.Count, report.GetProperty("received").GetInt32());
        Assert.Equal(info.Count(c => c.Any(e => e.Type == "CaseReferred")), report.GetProperty("referred").GetInt32());
        Assert.Equal(info.Count(c => FirstResponse(c) is not null), report.GetProperty("answered").GetInt32());
        Assert.Equal(info.Count(c => FirstResponse(c) is { } r && r.Data.TryGetProperty("denied", out var d) && d.GetBoolean()), report.GetProperty("denied").GetInt32());
        var lines = report.GetProperty("requests").EnumerateArray().ToDictionary(l => l.GetProperty("caseId").GetGuid());
        Assert.Equal(info.Count, lines.Count);
        foreach (var c in info)
        {
            int? expected = FirstResponse(c) is { } r ? r.Data.GetProperty("businessDays").GetInt32() : null;
            var line = lines[c[0].Stream].GetProperty("businessDays");
            Assert.Equal(expected, line.ValueKind == JsonValueKind.Null ? null : line.GetInt32());
        }

        // One row per contact, oldest first: the contact that opened each case (received in the period), and each email
        // from the citizen threaded into a case later — an EmailReceived recorded in another transaction than the opening.
        var rows = all.SelectMany(c => new[] { (At: DateTimeOffset.Parse(S(c[0], "receivedAt")), Case: c[0].Stream, No: 1, Kind: "opening", Channel: S(c[0], "channel")) }
                .Concat(c.Where(e => e.Type == "EmailReceived" && e.Tx != c[0].Tx).Select((e, i) => (e.At, Case: c[0].Stream, No: i + 2, Kind: "email-reply", Channel: "email"))))
            .Where(x => In(x.At, From, To))
            .OrderBy(x => x.At).ThenBy(x => x.Case).ThenBy(x => x.No).ToList();
        Assert.Equal(rows.Count, register.GetProperty("total").GetInt64());
        Assert.Equal(rows.Select(x => x.Case), contacts.Select(c => c.GetProperty("caseId").GetGuid()));
        Assert.Equal(rows.Select(x => x.Channel), contacts.Select(c => c.GetProperty("channel").GetString()));
        Assert.Equal(rows.Select(x => x.Kind), contacts.Select(c => c.GetProperty("kind").GetString()));
        Assert.Equal(rows.Select(x => x.At), contacts.Select(c => c.GetProperty("contactAt").GetDateTimeOffset()));
        return (report, contacts);
    }
}
