using System.Net;
using System.Text;
using Atencion.CaseService.Tests.Lifecycle;

namespace Atencion.CaseService.Tests.Reports;

/// <summary>The report and indicator routes' contract: formats, CSV encoding, bad parameters, roles.</summary>
public sealed class ReportEndpointTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string T = Api.Flori;

    [Fact]
    public async Task The_contact_register_is_csv_in_utf8_with_a_bom_when_asked_and_keeps_spanish_text()
    {
        var advisor = f.As(T, "advisor", "operadora");
        var id = await advisor.CreateCase(T, new
        {
            channel = "in-person", subject = "Queja", text = "Atención deficiente.",
            citizen = new { name = "José Peña Muñoz", idType = "cc", idNumber = "91234567" },
        });
        await advisor.Do(id, "classify", new { type = "complaint", topic = "=HIPERVINCULO(\"x\")" });
        await f.ProjectionsCaughtUpAsync();
        var today = f.Today();

        var csv = await f.As(T, "control").Report($"reports/contacts?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}", "text/csv", x =>
        {
            x.StatusCodeShouldBeOk();
            x.MediaTypeShouldBe("text/csv");
        });

        var bytes = csv.ReadAsBytes();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("contactAt,channel,kind,citizenName,citizenId,type,topic,radicado,attendedBy,outcome,caseId", lines[0]);
        var row = Assert.Single(lines, l => l.Contains(id.ToString()));
        Assert.Contains("José Peña Muñoz", row);
        Assert.Contains(",in-person,opening,", row);
        Assert.Contains(",cc 91234567,complaint,", row);
        Assert.Contains(",operadora,in-progress,", row);
        // A cell that a spreadsheet would run as a formula is escaped.
        Assert.DoesNotContain(",=HIPERVINCULO", row.Replace("\"", ""));
        Assert.Contains("HIPERVINCULO", row);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("*/*")]
    [InlineData("text/html, application/json;q=0.5")]
    public async Task Reports_are_json_by_default_and_when_json_is_acceptable(string? accept)
    {
        var report = await f.As(T, "supervisor").Report("reports/pqrsd?month=2026-03", accept, x =>
        {
            x.StatusCodeShouldBeOk();
            x.MediaTypeShouldBe("application/json");
        });

        Assert.Equal("2026-03", report.Json().GetProperty("month").GetString());
    }

    [Theory]
    [InlineData("reports/pqrsd?month=2026-03")]
    [InlineData("reports/quarterly?quarter=2026-Q1")]
    [InlineData("reports/access-to-information?from=2026-03-01&to=2026-03-31")]
    [InlineData("reports/contacts?from=2026-03-01&to=2026-03-31")]
    public async Task Every_report_is_csv_with_a_bom_or_a_406_problem_for_another_format(string url)
    {
        var auditor = f.As(T, "auditor");
        var csv = await auditor.Report(url, "text/csv", x =>
        {
            x.StatusCodeShouldBeOk();
            x.MediaTypeShouldBe("text/csv");
        });
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csv.ReadAsBytes()[..3]);

        var before = await f.Db.CountEventsAsync();
        var problem = (await auditor.Report(url, "application/pdf", x => x.ProblemShouldBe(HttpStatusCode.NotAcceptable))).Json();
        Assert.Contains("text/csv", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Theory]
    [InlineData("indicators", "from")]
    [InlineData("indicators?from=2026-03-01", "to")]
    [InlineData("indicators?from=2026-3-1&to=2026-03-31", "from")]
    [InlineData("indicators?from=2026-03-31&to=2026-03-01", "from")]
    [InlineData("indicators?from=2000-01-01&to=2026-03-01", "to")]
    [InlineData("indicators?from=1900-01-01&to=2026-03-01", "from")]
    [InlineData("reports/pqrsd", "month")]
    [InlineData("reports/pqrsd?month=2026-13", "month")]
    [InlineData("reports/pqrsd?month=marzo", "month")]
    [InlineData("reports/quarterly?quarter=2026-Q5", "quarter")]
    [InlineData("reports/quarterly?quarter=2026Q1", "quarter")]
    [InlineData("reports/access-to-information?from=2026-03-01&to=ayer", "to")]
    [InlineData("reports/contacts?from=2025-01-01&to=2026-03-01", "to")]
    [InlineData("reports/contacts?to=2026-03-01", "from")]
    [InlineData("audit/cases?from=2026-03-01&to=2026-03-31&pageSize=101", "pageSize")]
    [InlineData("audit/cases?from=2026-03-01&to=2026-03-31&page=0", "page")]
    [InlineData("audit/cases?to=2026-03-31", "from")]
    public async Task Bad_parameters_are_a_400_problem_naming_the_field_and_record_nothing(string url, string field)
    {
        var before = await f.Db.CountEventsAsync();
        var problem = (await f.As(T, "auditor").Report(url, expect: x => x.ProblemShouldBe(HttpStatusCode.BadRequest))).Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Theory]
    [InlineData("indicators?from=2026-03-01&to=2026-03-31", "advisor", HttpStatusCode.Forbidden)]
    [InlineData("indicators?from=2026-03-01&to=2026-03-31", "specialist", HttpStatusCode.Forbidden)]
    [InlineData("indicators?from=2026-03-01&to=2026-03-31", "admin", HttpStatusCode.Forbidden)]
    [InlineData("indicators?from=2026-03-01&to=2026-03-31", "control", HttpStatusCode.OK)]
    [InlineData("indicators?from=2026-03-01&to=2026-03-31", "supervisor", HttpStatusCode.OK)]
    [InlineData("indicators?from=2026-03-01&to=2026-03-31", "auditor", HttpStatusCode.OK)]
    [InlineData("reports/pqrsd?month=2026-03", "advisor", HttpStatusCode.Forbidden)]
    [InlineData("reports/contacts?from=2026-03-01&to=2026-03-31", "control", HttpStatusCode.OK)]
    [InlineData("audit/cases?from=2026-03-01&to=2026-03-31", "control", HttpStatusCode.Forbidden)]
    [InlineData("audit/cases?from=2026-03-01&to=2026-03-31", "supervisor", HttpStatusCode.Forbidden)]
    [InlineData("audit/cases?from=2026-03-01&to=2026-03-31", "auditor", HttpStatusCode.OK)]
    public async Task Who_may_read_indicators_reports_and_the_audit_listing(string url, string role, HttpStatusCode status)
    {
        await f.As(T, role).Report(url, expect: x =>
        {
            if (status == HttpStatusCode.OK) x.StatusCodeShouldBe(status);
            else x.ProblemShouldBe(status);
        });
    }

    [Fact]
    public async Task Anonymous_callers_and_other_tenants_get_nothing()
    {
        await f.Anonymous().Report("indicators?from=2026-03-01&to=2026-03-31", expect: x => x.StatusCodeShouldBe(HttpStatusCode.Unauthorized));
        // A Tenjo token on Floridablanca's route.
        await f.As(Api.Tenjo, "control").Report("indicators?from=2026-03-01&to=2026-03-31", expect: x => x.ProblemShouldBe(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Denying_is_only_for_information_requests_and_a_refused_denial_appends_nothing()
    {
        var advisor = f.As(T, "advisor", "operadora");
        var (petition, _) = await advisor.Classified("petition");
        var before = await f.Db.CountEventsAsync();
        var problem = (await advisor.Command(petition, "respond", new { text = "No.", channel = "email", denied = true },
            expect: x => x.ProblemShouldBe(HttpStatusCode.BadRequest))).Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty("denied", out _), problem.ToString());
        Assert.Equal(before, await f.Db.CountEventsAsync());

        var (request, _) = await advisor.Classified("information-request");
        await advisor.Do(request, "respond", new { text = "Información reservada (art. 19, Ley 1712 de 2014).", channel = "email", denied = true });
        Assert.True((await advisor.View(request)).GetProperty("response").GetProperty("denied").GetBoolean());
        await f.ProjectionsCaughtUpAsync();
        var today = f.Today();
        var report = (await f.As(T, "control").Report($"reports/access-to-information?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}")).Json();
        var line = Assert.Single(report.GetProperty("requests").EnumerateArray(), l => l.GetProperty("caseId").GetGuid() == request);
        Assert.True(line.GetProperty("denied").GetBoolean());
        Assert.Equal("answered", line.GetProperty("outcome").GetString());
    }
}
