using System.Net;
using System.Text.Json;
using static Atencion.CaseService.Tests.Public.PublicApi;

namespace Atencion.CaseService.Tests.Public;

public sealed class PqrsdFormTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task A_petition_filed_on_the_web_gets_the_next_radicado_its_due_date_and_a_tracking_code()
    {
        // Only this test files with Itagüí, so its consecutives start at 1.
        var citizen = f.Anonymous();
        var response = await citizen.SendForm(Itagui, Form(), x => x.StatusCodeShouldBe(HttpStatusCode.Created));

        var body = response.Json();
        Assert.NotEqual(Guid.Empty, body.GetProperty("caseId").GetGuid());
        Assert.Equal("2026-000001", body.GetProperty("radicado").GetString());
        // Received Monday 2 March 2026; 15 business days, skipping San José (moved to Monday 23 March).
        Assert.Equal("2026-03-24", body.GetProperty("dueDate").GetString());
        Assert.Matches("^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{12}$", body.GetProperty("trackingCode").GetString());
        Assert.Equal($"/api/{Itagui}/pqrsd/2026-000001", response.Header("Location"));

        var second = await citizen.FilePqrsd(Itagui);
        Assert.Equal("2026-000002", second.Radicado);
        Assert.NotEqual(body.GetProperty("trackingCode").GetString(), second.TrackingCode);
    }

    [Theory]
    [InlineData("information-request", "2026-03-16")] // 10 business days
    [InlineData("data-query", "2026-03-16")]          // 10 business days (Ley 1581)
    [InlineData("complaint", "2026-03-24")]           // 15 business days, San José on 23 March
    [InlineData("consultation", "2026-04-16")]        // 30 business days, Holy Thursday and Good Friday (2–3 April) skipped
    public async Task Each_type_is_due_after_its_legal_term_in_business_days(string type, string due)
    {
        var filed = await f.Anonymous().FilePqrsd(form: Form(type));
        Assert.Equal(due, filed.Body.GetProperty("dueDate").GetString());
    }

    [Fact]
    public async Task The_filed_case_reaches_staff_as_a_web_case_in_progress_with_everything_the_citizen_gave()
    {
        var filed = await f.Anonymous().FilePqrsd(form: Form(subject: "Copia de expediente", text: "Pido copia del expediente 123."));

        var read = await f.As(Api.Flori, "advisor").Scenario(x =>
        {
            x.Get.Url($"/api/{Api.Flori}/cases/{filed.CaseId}");
            x.StatusCodeShouldBeOk();
        });
        var raw = read.ReadAsText();
        var view = JsonDocument.Parse(raw).RootElement;
        Assert.Equal("web", view.GetProperty("channel").GetString());
        Assert.Equal("in-progress", view.GetProperty("status").GetString());
        Assert.Equal("petition", view.GetProperty("type").GetString());
        Assert.Equal(filed.Radicado, view.GetProperty("radicado").GetString());
        Assert.Equal("2026-03-24", view.GetProperty("dueDate").GetString());
        Assert.Equal("Copia de expediente", view.GetProperty("subject").GetString());
        Assert.Equal("Pido copia del expediente 123.", view.GetProperty("text").GetString());
        Assert.Equal(f.Time.GetUtcNow(), view.GetProperty("receivedAt").GetDateTimeOffset());
        var citizen = view.GetProperty("citizen");
        Assert.Equal("Luz Marina Rueda", citizen.GetProperty("name").GetString());
        Assert.Equal("luz@example.com", citizen.GetProperty("email").GetString());
        Assert.Equal("300 123 4567", citizen.GetProperty("phone").GetString());
        Assert.Equal("cc", citizen.GetProperty("idType").GetString());
        Assert.Equal("63123456", citizen.GetProperty("idNumber").GetString());
        Assert.Equal("Calle 5 # 8-20", citizen.GetProperty("address").GetString());
        Assert.Equal("Floridablanca", citizen.GetProperty("municipality").GetString());
        Assert.Equal("Cañaveral", citizen.GetProperty("neighbourhood").GetString());
        // Staff never see the citizen's code: only its hash is kept, and not in the view.
        Assert.DoesNotContain(filed.TrackingCode, raw);
    }

    [Fact]
    public async Task An_anonymous_report_is_filed_without_anyone_named()
    {
        var filed = await f.Anonymous().FilePqrsd(form: new
        {
            type = "report", dataProcessingConsent = true, subject = "Denuncia", text = "Obras sin licencia en la carrera 7.",
        });

        Assert.Matches(@"^2026-\d{6}$", filed.Radicado);
        var view = (await f.As(Api.Flori, "advisor").Scenario(x => x.Get.Url($"/api/{Api.Flori}/cases/{filed.CaseId}"))).Json();
        Assert.Equal("report", view.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("citizen").ValueKind);
        var status = (await f.Anonymous().Status(Api.Flori, filed.Radicado, filed.TrackingCode)).Json();
        Assert.Equal("in-progress", status.GetProperty("status").GetString());
    }

    private const string Who = """ "citizen":{"name":"Luz Marina Rueda","email":"luz@example.com"} """;

    public static TheoryData<string, string, string> BadForms => new()
    {
        { "consent missing", $$"""{"type":"petition",{{Who}},"subject":"a","text":"b"}""", "dataProcessingConsent" },
        { "consent refused", $$"""{"type":"petition",{{Who}},"subject":"a","text":"b","dataProcessingConsent":false}""", "dataProcessingConsent" },
        { "consent not a boolean", $$"""{"type":"petition",{{Who}},"subject":"a","text":"b","dataProcessingConsent":"si"}""", "dataProcessingConsent" },
        { "type missing", $$"""{{{Who}},"subject":"a","text":"b","dataProcessingConsent":true}""", "type" },
        { "type unknown", $$"""{"type":"queja",{{Who}},"subject":"a","text":"b","dataProcessingConsent":true}""", "type" },
        { "orientation is not filed", $$"""{"type":"orientation",{{Who}},"subject":"a","text":"b","dataProcessingConsent":true}""", "type" },
        { "no citizen on a petition", """{"type":"petition","subject":"a","text":"b","dataProcessingConsent":true}""", "citizen.email" },
        { "name missing", """{"type":"complaint","citizen":{"email":"luz@example.com"},"subject":"a","text":"b","dataProcessingConsent":true}""", "citizen.name" },
        { "email missing", """{"type":"petition","citizen":{"name":"Luz"},"subject":"a","text":"b","dataProcessingConsent":true}""", "citizen.email" },
        { "email invalid", """{"type":"petition","citizen":{"name":"Luz","email":"luz@@example"},"subject":"a","text":"b","dataProcessingConsent":true}""", "citizen.email" },
        { "subject missing", $$"""{"type":"petition",{{Who}},"text":"b","dataProcessingConsent":true}""", "subject" },
        { "text missing", $$"""{"type":"petition",{{Who}},"subject":"a","dataProcessingConsent":true}""", "text" },
        { "text blank", $$"""{"type":"petition",{{Who}},"subject":"a","text":"  ","dataProcessingConsent":true}""", "text" },
        { "text oversized", $$"""{"type":"petition",{{Who}},"subject":"a","text":"{{new string('x', 20_001)}}","dataProcessingConsent":true}""", "text" },
        { "report text missing", """{"type":"report","subject":"a","dataProcessingConsent":true}""", "text" },
    };

    [Theory]
    [MemberData(nameof(BadForms))]
    public async Task Bad_forms_are_a_400_problem_naming_the_field_and_file_nothing(string why, string json, string field)
    {
        var before = await f.Db.CountEventsAsync();
        var response = await f.Anonymous().SendFormJson(Api.Flori, json, x => x.ProblemShouldBe(HttpStatusCode.BadRequest));

        var problem = response.Json();
        Assert.True(problem.TryGetProperty("errors", out var errors), $"{why}: no errors in {problem}");
        Assert.True(errors.TryGetProperty(field, out _), $"{why}: no error for {field} in {problem}");
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task Every_mistake_of_a_form_is_reported_at_once()
    {
        var response = await f.Anonymous().SendFormJson(Api.Flori, """{"citizen":{"name":"Luz","email":"no-es-correo"},"text":"b"}""",
            x => x.ProblemShouldBe(HttpStatusCode.BadRequest));

        var errors = response.Json().GetProperty("errors");
        foreach (var field in new[] { "type", "dataProcessingConsent", "citizen.email", "subject" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field} in {errors}");
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_and_files_nothing()
    {
        var before = await f.Db.CountEventsAsync();
        var response = await f.Anonymous().SendFormJson(Api.Flori, """{"type":"petition","dataProcessingConsent":true,""",
            x => x.ProblemShouldBe(HttpStatusCode.BadRequest));

        var problem = response.Json();
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task A_form_for_an_unknown_entity_is_a_404_problem()
    {
        var before = await f.Db.CountEventsAsync();
        await f.Anonymous().SendForm("alcaldia-macondo", Form(), x => x.ProblemShouldBe(HttpStatusCode.NotFound));
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }
}
