using System.Net;
using Atencion.CaseService.Tests.Lifecycle;
using System.Text.Json;

namespace Atencion.CaseService.Tests.Public;

public sealed class PqrsdStatusTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private Caller Specialist => f.As(Api.Flori, "specialist", "sara");

    /// <summary>The specialist runs a verb on the case; it must succeed.</summary>
    private Task Work(Guid caseId, string verb, object body) =>
        Specialist.Command(caseId, verb, body, expect: x => x.StatusCodeShouldBeSuccess());

    [Fact]
    public async Task The_tracking_code_opens_the_status_with_its_due_date()
    {
        var filed = await f.Anonymous().FilePqrsd();

        var response = await f.Anonymous().Scenario(x =>
        {
            x.Get.Url($"{filed.Location}?code={filed.TrackingCode}");
            x.StatusCodeShouldBeOk();
        });

        var status = response.Json();
        Assert.Equal(filed.Radicado, status.GetProperty("radicado").GetString());
        Assert.Equal("in-progress", status.GetProperty("status").GetString());
        Assert.Equal("petition", status.GetProperty("type").GetString());
        Assert.Equal("2026-03-24", status.GetProperty("dueDate").GetString());
        Assert.Equal(f.Time.GetUtcNow(), status.GetProperty("filedAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("answer").ValueKind);
        Assert.Equal(JsonValueKind.Null, status.GetProperty("referredTo").ValueKind);
    }

    [Fact]
    public async Task The_code_is_read_without_regard_to_case_or_surrounding_blanks()
    {
        var filed = await f.Anonymous().FilePqrsd();

        await f.Anonymous().Status(Api.Flori, filed.Radicado, filed.TrackingCode.ToLowerInvariant(), x => x.StatusCodeShouldBeOk());
        await f.Anonymous().Status(Api.Flori, filed.Radicado, $" {filed.TrackingCode} ", x => x.StatusCodeShouldBeOk());
    }

    [Fact]
    public async Task The_answer_shows_once_issued_and_stays_after_closing()
    {
        var filed = await f.Anonymous().FilePqrsd();
        f.Time.Advance(TimeSpan.FromHours(3));
        var answeredAt = f.Time.GetUtcNow();

        await Work(filed.CaseId, "respond", new { text = "Adjuntamos copia de su expediente.", channel = "email" });
        var answered = (await f.Anonymous().Status(Api.Flori, filed.Radicado, filed.TrackingCode)).Json();
        Assert.Equal("answered", answered.GetProperty("status").GetString());
        Assert.Equal("Adjuntamos copia de su expediente.", answered.GetProperty("answer").GetString());
        Assert.Equal(answeredAt, answered.GetProperty("answeredAt").GetDateTimeOffset());

        await Work(filed.CaseId, "close", new { reason = "answered" });
        var closed = (await f.Anonymous().Status(Api.Flori, filed.Radicado, filed.TrackingCode)).Json();
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal("Adjuntamos copia de su expediente.", closed.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task A_referral_shows_the_competent_entity()
    {
        var filed = await f.Anonymous().FilePqrsd();

        await Work(filed.CaseId, "refer", new { entity = "Superintendencia de Industria y Comercio", reason = "Protección al consumidor." });

        var status = (await f.Anonymous().Status(Api.Flori, filed.Radicado, filed.TrackingCode)).Json();
        Assert.Equal("referred", status.GetProperty("status").GetString());
        Assert.Equal("Superintendencia de Industria y Comercio", status.GetProperty("referredTo").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("answer").ValueKind);
    }

    [Fact]
    public async Task A_request_for_completion_tells_the_citizen_what_is_missing()
    {
        var filed = await f.Anonymous().FilePqrsd();

        await Work(filed.CaseId, "request-completion", new { missing = "Copia de la cédula." });

        var status = (await f.Anonymous().Status(Api.Flori, filed.Radicado, filed.TrackingCode)).Json();
        Assert.Equal("awaiting-completion", status.GetProperty("status").GetString());
        Assert.Equal("Copia de la cédula.", status.GetProperty("missing").GetString());
    }

    [Fact]
    public async Task Wrong_missing_or_foreign_codes_and_unknown_radicados_all_get_the_same_404()
    {
        var mine = await f.Anonymous().FilePqrsd();
        var theirs = await f.Anonymous().FilePqrsd(Api.Tenjo);
        var wrongCode = mine.TrackingCode[..^1] + (mine.TrackingCode[^1] == 'A' ? 'B' : 'A');

        var asked = new (string Radicado, string? Code)[]
        {
            (mine.Radicado, wrongCode),
            (mine.Radicado, null),
            (mine.Radicado, ""),
            (mine.Radicado, theirs.TrackingCode),
            ("2026-999999", mine.TrackingCode),
            (theirs.Radicado + "x", theirs.TrackingCode),
            // Tenjo's radicado and its own code, asked at Floridablanca.
            (theirs.Radicado == mine.Radicado ? "2026-999998" : theirs.Radicado, theirs.TrackingCode),
        };

        var problems = new List<JsonElement>();
        foreach (var (radicado, code) in asked)
            problems.Add((await f.Anonymous().Status(Api.Flori, radicado, code, x => x.ProblemShouldBe(HttpStatusCode.NotFound))).Json());
        Assert.Single(problems.Select(p => (p.GetProperty("title").GetString(), p.GetProperty("detail").GetString())).Distinct());
        Assert.All(problems, p => Assert.DoesNotContain(mine.Radicado, p.GetProperty("detail").GetString()));
        // The same radicado number at the right entity still opens.
        await f.Anonymous().Status(Api.Tenjo, theirs.Radicado, theirs.TrackingCode, x => x.StatusCodeShouldBeOk());
    }

    [Fact]
    public async Task The_status_page_never_shows_personal_data_nor_internal_notes()
    {
        var filed = await f.Anonymous().FilePqrsd(form: PublicApi.Form(name: "Rosalba Quintero Díaz", email: "rosalba.q@example.org",
            subject: "Asunto reservado", text: "Texto reservado del ciudadano."));
        await f.As(Api.Flori, "advisor", "ana").Scenario(x =>
        {
            x.Post.Json(new { text = "Nota interna: el peticionario ya había llamado." }).ToUrl($"/api/{Api.Flori}/cases/{filed.CaseId}/notes");
            x.StatusCodeShouldBeSuccess();
        });

        var response = await f.Anonymous().Status(Api.Flori, filed.Radicado, filed.TrackingCode, x => x.StatusCodeShouldBeOk());

        var raw = response.ReadAsText();
        var fields = JsonDocument.Parse(raw).RootElement.EnumerateObject().Select(p => p.Name).Order().ToArray();
        Assert.Equal(["answer", "answeredAt", "dueDate", "filedAt", "missing", "radicado", "referredTo", "status", "type"], fields);
        foreach (var secret in new[] { "Rosalba", "rosalba.q@example.org", "300 123 4567", "63123456", "Calle 5", "Cañaveral",
                     "Nota interna", "Texto reservado", filed.CaseId.ToString() })
            Assert.DoesNotContain(secret, raw);
    }
}
