using System.Text;
using System.Text.Json;

namespace Atencion.CaseService.Tests.Reports;

/// <summary>The CSV of a report holds what its JSON holds: the quarterly indicators and the access-to-information totals.</summary>
public sealed class ReportCsvTests(ReportsFixture f) : IClassFixture<ReportsFixture>
{
    private const string T = ReportsFixture.Tenant;

    private async Task<JsonElement> JsonAsync(string url) => (await f.As(T, "control").Report(url, tenant: T)).Json();

    /// <summary>The CSV's tables: split at the empty line, each a list of lines (header first); the BOM checked and removed.</summary>
    private async Task<List<string[]>> CsvAsync(string url)
    {
        var csv = await f.As(T, "control").Report(url, "text/csv", x =>
        {
            x.StatusCodeShouldBeOk();
            x.MediaTypeShouldBe("text/csv");
        }, tenant: T);
        var bytes = csv.ReadAsBytes();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.DoesNotContain('\uFEFF', text);
        return text.Split("\r\n\r\n").Select(t => t.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)).ToList();
    }

    /// <summary>Every leaf of a JSON value (numbers, strings, booleans, nulls).</summary>
    private static int Leaves(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().Sum(p => Leaves(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Sum(Leaves),
        _ => 1,
    };

    [Fact]
    public async Task The_quarterly_csv_has_the_statistics_and_then_every_indicator_of_the_json()
    {
        var json = await JsonAsync("reports/quarterly?quarter=2026-Q1");
        var tables = await CsvAsync("reports/quarterly?quarter=2026-Q1");

        Assert.Equal(2, tables.Count);
        Assert.Equal("period,dimension,key,received,answered,answeredOnTime,overdue,referred,extended,withdrawn", tables[0][0]);
        Assert.Equal(["2026-01,total,", "2026-02,total,", "2026-03,total,", "2026-Q1,total,"], tables[0][1..5].Select(l => l[..(l.IndexOf(",total,") + 7)]));
        Assert.Equal("period,indicator,value", tables[1][0]);
        var indicators = json.GetProperty("indicators");
        var rows = tables[1][1..].Select(l => l.Split(',')).ToList();
        Assert.All(rows, r => Assert.Equal("2026-Q1", r[0]));
        // Keyed list items lose their key leaf to the path (e.g. responseTimeByType.petition.*): count those out.
        var keys = indicators.GetProperty("responseTimeByType").GetArrayLength()
            + indicators.GetProperty("satisfaction").GetProperty("byChannel").GetArrayLength()
            + indicators.GetProperty("satisfaction").GetProperty("byStaffMember").GetArrayLength()
            + (indicators.TryGetProperty("inPerson", out var ip) && ip.ValueKind == JsonValueKind.Object ? ip.GetProperty("byService").GetArrayLength() : 0);
        Assert.Equal(Leaves(indicators) - keys, rows.Count);
        var value = rows.ToDictionary(r => r[1], r => r[2]);
        Assert.Equal(indicators.GetProperty("timeliness").GetProperty("count").GetRawText(), value["timeliness.count"]);
        Assert.Equal(indicators.GetProperty("timeliness").GetProperty("of").GetRawText(), value["timeliness.of"]);
        Assert.Equal(indicators.GetProperty("timeliness").GetProperty("percent").GetRawText(), value["timeliness.percent"]);
        Assert.Equal(indicators.GetProperty("chat").GetProperty("medianFirstReplySeconds").GetRawText(), value["chat.medianFirstReplySeconds"]);
        Assert.Equal(indicators.GetProperty("openOverdueNow").GetRawText(), value["openOverdueNow"]);
        Assert.Equal(indicators.GetProperty("responseQuality").GetProperty("averageQuality").GetRawText(), value["responseQuality.averageQuality"]);
        var petition = indicators.GetProperty("responseTimeByType").EnumerateArray().Single(t => t.GetProperty("type").GetString() == "petition");
        Assert.Equal(petition.GetProperty("p90BusinessDays").GetRawText(), value["responseTimeByType.petition.p90BusinessDays"]);
        var asesora = indicators.GetProperty("satisfaction").GetProperty("byStaffMember").EnumerateArray().Single(s => s.GetProperty("key").GetString() == "asesora");
        Assert.Equal(asesora.GetProperty("satisfied").GetProperty("of").GetRawText(), value["satisfaction.byStaffMember.asesora.satisfied.of"]);
    }

    [Fact]
    public async Task The_access_to_information_csv_leads_with_the_totals_then_one_row_per_request()
    {
        const string url = "reports/access-to-information?from=2026-03-01&to=2026-03-31";
        var json = await JsonAsync(url);
        var tables = await CsvAsync(url);

        Assert.Equal(2, tables.Count);
        Assert.Equal(["from,to,received,referred,answered,denied,averageBusinessDays",
            $"2026-03-01,2026-03-31,{json.GetProperty("received")},{json.GetProperty("referred")},{json.GetProperty("answered")},{json.GetProperty("denied")},{json.GetProperty("averageBusinessDays")}"],
            tables[0]);
        Assert.Equal((2, 1, 1, 1), (json.GetProperty("received").GetInt32(), json.GetProperty("referred").GetInt32(), json.GetProperty("answered").GetInt32(), json.GetProperty("denied").GetInt32()));
        Assert.Equal("caseId,radicado,receivedAt,referredAt,referredTo,answeredAt,businessDays,onTime,denied,outcome", tables[1][0]);
        Assert.Equal(json.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("caseId").GetGuid().ToString()),
            tables[1][1..].Select(l => l.Split(',')[0]));
    }
}
