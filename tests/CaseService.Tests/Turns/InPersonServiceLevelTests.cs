using System.Net;
using System.Text.Json;
using Atencion.CaseService.Turns;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Turns;

/// <summary>
/// Issue 7's "a kiosk turn becomes an in-person case with measured waiting time", through the running service: the turn's
/// waiting and service times reach <c>GET indicators</c> (docs/indicators.md, in-person service level).
/// </summary>
public sealed class InPersonServiceLevelTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string Faca = TurnApi.Faca;

    private static object InPersonCase => new
    {
        channel = "in-person",
        competent = true,
        subject = "Renovación de matrícula mercantil",
        text = "Asesoría para renovar la matrícula mercantil.",
        citizen = new
        {
            idType = "cc", idNumber = "80123456", name = "Jorge Pabón", address = "Carrera 3 # 5-20",
            municipality = "Facatativá", neighbourhood = "Centro",
        },
    };

    private async Task<JsonElement> InPerson(string from, string to, string tenant = Faca)
    {
        await f.ProjectionsCaughtUpAsync();
        var response = await f.As(tenant, "control", "procuraduria").Scenario(x =>
        {
            x.Get.Url($"/api/{tenant}/indicators?from={from}&to={to}");
            x.StatusCodeShouldBeOk(); // Alba's failure message carries the status and the body
        });
        return response.Json().GetProperty("inPerson");
    }

    private DateOnly LocalDay() =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(f.Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("America/Bogota")).DateTime);

    private static void Times(JsonElement stats, int measured, decimal? average, decimal? median, int? p90)
    {
        Assert.Equal(measured, stats.GetProperty("measured").GetInt32());
        Assert.Equal(average, stats.GetProperty("averageSeconds") is { ValueKind: JsonValueKind.Number } a ? a.GetDecimal() : null);
        Assert.Equal(median, stats.GetProperty("medianSeconds") is { ValueKind: JsonValueKind.Number } m ? m.GetDecimal() : null);
        Assert.Equal(p90, stats.GetProperty("p90Seconds") is { ValueKind: JsonValueKind.Number } p ? p.GetInt32() : null);
    }

    private static void Share(JsonElement share, int count, int of, decimal? percent)
    {
        Assert.Equal(count, share.GetProperty("count").GetInt32());
        Assert.Equal(of, share.GetProperty("of").GetInt32());
        Assert.Equal(percent, share.GetProperty("percent") is { ValueKind: JsonValueKind.Number } p ? p.GetDecimal() : null);
    }

    [Fact]
    public async Task A_kiosk_turn_served_as_an_in_person_case_shows_its_waiting_and_service_time_in_the_indicators()
    {
        var today = LocalDay(); // the fixture's Monday 2 March 2026, unless another test of the class moved the clock
        var day = $"{today:yyyy-MM-dd}";
        var empty = await InPerson(day, day);
        Assert.Equal(0, empty.GetProperty("overall").GetProperty("issued").GetInt32());
        Times(empty.GetProperty("overall").GetProperty("waiting"), 0, null, null, null);

        // At 0 min three citizens take turns; at 7 min a desk calls R-001; at 19 min its case is opened and the turn served.
        var registro = await f.Issue("registro");
        var juridica = await f.Issue("juridica");
        await f.Issue("orientacion");
        f.Time.Advance(TimeSpan.FromMinutes(7));
        var called = await f.CallNext("registro", "Módulo 1");
        Assert.Equal(registro.GetProperty("turnId").GetGuid(), called.GetProperty("turnId").GetGuid());
        f.Time.Advance(TimeSpan.FromMinutes(12));
        var caseId = await f.GivenInPersonCase(Faca, "operadora", InPersonCase);
        await f.Serve(registro.GetProperty("turnId").GetGuid(), caseId, expect: x => x.StatusCodeShouldBeOk());

        // At 25 min J-001 is called (past the 15-minute target) and its citizen never comes: a no-show 5 minutes later.
        f.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(juridica.GetProperty("turnId").GetGuid(), (await f.CallNext("juridica", "Módulo 2")).GetProperty("turnId").GetGuid());
        f.Time.Advance(TimeSpan.FromMinutes(5));
        await f.Host.Services.GetRequiredService<TurnExpiry>().RunAsync(default);

        var level = await InPerson(day, day);
        Assert.Equal(15, level.GetProperty("waitTargetMinutes").GetInt32());
        var all = level.GetProperty("overall");
        Assert.Equal(JsonValueKind.Null, all.GetProperty("service").ValueKind);
        Assert.Equal((3, 2, 1, 1, 1), (all.GetProperty("issued").GetInt32(), all.GetProperty("called").GetInt32(), all.GetProperty("served").GetInt32(),
            all.GetProperty("expired").GetInt32(), all.GetProperty("noShows").GetInt32()));
        Times(all.GetProperty("waiting"), 2, 960m, 960m, 1500);
        Times(all.GetProperty("serviceTime"), 1, 720m, 720m, 720);
        Share(all.GetProperty("calledWithinTarget"), 1, 2, 50m); // O-001 still waits: its wait has not ended, it is not counted

        var byService = level.GetProperty("byService").EnumerateArray().ToDictionary(s => s.GetProperty("service").GetString()!);
        Assert.Equal(["juridica", "orientacion", "registro"], byService.Keys);
        Times(byService["registro"].GetProperty("waiting"), 1, 420m, 420m, 420); // exactly the 7 minutes waited
        Times(byService["registro"].GetProperty("serviceTime"), 1, 720m, 720m, 720); // exactly the 12 minutes at the desk
        Share(byService["registro"].GetProperty("calledWithinTarget"), 1, 1, 100m);
        Times(byService["juridica"].GetProperty("waiting"), 1, 1500m, 1500m, 1500);
        Share(byService["juridica"].GetProperty("calledWithinTarget"), 0, 1, 0m);
        Assert.Equal(1, byService["orientacion"].GetProperty("issued").GetInt32());
        Times(byService["orientacion"].GetProperty("waiting"), 0, null, null, null);

        // Another day's period does not see them; another entity does not either.
        Assert.Equal(0, (await InPerson($"{today.AddDays(1):yyyy-MM-dd}", $"{today.AddDays(30):yyyy-MM-dd}")).GetProperty("overall").GetProperty("issued").GetInt32());
        Assert.Equal(0, (await InPerson(day, day, Api.Tenjo)).GetProperty("overall").GetProperty("issued").GetInt32());
    }

    [Fact]
    public async Task A_turn_counts_on_the_entitys_local_day_not_the_UTC_one()
    {
        // Tuesday 3 March 2026, 21:30 in Bogotá is already Wednesday 02:30 UTC.
        f.Time.Advance(new DateTimeOffset(2026, 3, 4, 2, 30, 0, TimeSpan.Zero) - f.Time.GetUtcNow());
        var tenant = Api.Flori;
        await f.Issue("pagos", tenant);
        f.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(180, (await f.CallNext("pagos", "Caja 1", tenant)).GetProperty("waitedSeconds").GetInt32());

        var tuesday = await InPerson("2026-03-03", "2026-03-03", tenant);
        Assert.Equal(1, tuesday.GetProperty("overall").GetProperty("called").GetInt32());
        Times(tuesday.GetProperty("overall").GetProperty("waiting"), 1, 180m, 180m, 180);
        Assert.Equal(0, (await InPerson("2026-03-04", "2026-03-04", tenant)).GetProperty("overall").GetProperty("issued").GetInt32());
    }

    [Fact]
    public async Task The_quarterly_report_carries_the_same_in_person_figures()
    {
        var control = f.As(Faca, "control", "procuraduria");
        var quarter = (await control.Scenario(x => x.Get.Url($"/api/{Faca}/reports/quarterly?quarter=2026-Q1"))).Json();
        var indicators = (await control.Scenario(x => x.Get.Url($"/api/{Faca}/indicators?from=2026-01-01&to=2026-03-31"))).Json();
        Assert.Equal(indicators.GetProperty("inPerson").ToString(), quarter.GetProperty("indicators").GetProperty("inPerson").ToString());
        Assert.Equal(JsonValueKind.Object, quarter.GetProperty("indicators").GetProperty("inPerson").ValueKind);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_in_person_figures()
    {
        var schemas = (await f.Anonymous().Scenario(x => x.Get.Url("/openapi/v1.json"))).Json().GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("IndicatorSet").GetProperty("properties").TryGetProperty("inPerson", out _));
        var group = schemas.GetProperty("InPersonGroup").GetProperty("properties");
        Assert.All(new[] { "issued", "called", "served", "noShows", "calledWithinTarget", "waiting", "serviceTime" },
            p => Assert.True(group.TryGetProperty(p, out _), $"{p} is not in {group}"));
    }

    [Theory]
    [InlineData("from=2026-03-05&to=2026-03-01", "from")]
    [InlineData("from=ayer&to=2026-03-01", "from")]
    [InlineData("from=2026-03-01", "to")]
    public async Task A_bad_period_is_a_400_naming_the_field_and_records_no_turn_or_case_event(string query, string field)
    {
        var before = await f.Db.CountEventsAsync();
        var problem = (await f.As(Faca, "supervisor", "jefa").Scenario(x =>
        {
            x.Get.Url($"/api/{Faca}/indicators?{query}");
            x.ProblemShouldBe(HttpStatusCode.BadRequest);
        })).Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }
}
