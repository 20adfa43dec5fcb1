using System.Net;

namespace Atencion.CaseService.Tests.Lifecycle;

/// <summary>What every lifecycle verb answers to bad input, unknown cases, stale versions, readers and other entities.</summary>
public sealed class VerbContractTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    /// <summary>Each verb with a well-formed body (what it would decide on a suitable case).</summary>
    private static readonly Dictionary<string, string> ValidBodies = new()
    {
        ["classify"] = """{"type":"petition","topic":"asesoria-juridica","priority":false}""",
        ["assign"] = """{"assignee":"marta"}""",
        ["escalate"] = """{"reason":"Requiere concepto jurídico","skill":"lawyer"}""",
        ["refer"] = """{"entity":"Fiscalía General de la Nación","reason":"Competencia penal"}""",
        ["extend"] = """{"reason":"Se requiere concepto técnico","newDueDate":"2026-04-01"}""",
        ["request-completion"] = """{"missing":"Copia de la cédula"}""",
        ["completed"] = """{}""",
        ["respond"] = """{"text":"Respuesta de fondo","channel":"email"}""",
        ["close"] = """{"reason":"withdrawn","note":"Desistió por teléfono"}""",
        ["reopen"] = """{"reason":"El ciudadano insiste"}""",
    };

    public static TheoryData<string> Verbs => new(ValidBodies.Keys);

    private static string Long(int length) => new('x', length);

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "classify", """{}""", "type" },
        { "classify", """{"type":null}""", "type" },
        { "classify", """{"type":"peticion"}""", "type" },
        { "classify", """{"type":3}""", "type" },
        { "classify", $$"""{"type":"petition","topic":"{{Long(101)}}"}""", "topic" },
        { "classify", """{"type":"petition","priority":"yes"}""", "priority" },
        { "assign", """{"assignee":"   "}""", "assignee" },
        { "assign", $$"""{"assignee":"{{Long(101)}}"}""", "assignee" },
        { "assign", """{"assignee":["marta"]}""", "assignee" },
        { "escalate", """{"skill":"lawyer"}""", "reason" },
        { "escalate", """{"reason":"x"}""", "skill" },
        { "escalate", """{"reason":"x","skill":"astrologer"}""", "skill" },
        { "escalate", $$"""{"reason":"{{Long(2_001)}}","skill":"lawyer"}""", "reason" },
        { "refer", """{"reason":"Competencia penal"}""", "entity" },
        { "refer", """{"entity":"Fiscalía"}""", "reason" },
        { "refer", $$"""{"entity":"{{Long(201)}}","reason":"x"}""", "entity" },
        { "refer", $$"""{"entity":"Fiscalía","reason":"{{Long(2_001)}}"}""", "reason" },
        { "extend", """{"reason":"x"}""", "newDueDate" },
        { "extend", """{"newDueDate":"2026-04-01"}""", "reason" },
        { "extend", """{"reason":"x","newDueDate":"2026-02-30"}""", "newDueDate" },
        { "extend", """{"reason":"x","newDueDate":"next friday"}""", "newDueDate" },
        { "extend", $$"""{"reason":"{{Long(2_001)}}","newDueDate":"2026-04-01"}""", "reason" },
        { "request-completion", """{}""", "missing" },
        { "request-completion", """{"missing":"a\u0000b"}""", "missing" },
        { "request-completion", $$"""{"missing":"{{Long(2_001)}}"}""", "missing" },
        { "respond", """{"channel":"email"}""", "text" },
        { "respond", """{"text":"Respuesta"}""", "channel" },
        { "respond", """{"text":"Respuesta","channel":"fax"}""", "channel" },
        { "respond", $$"""{"text":"{{Long(20_001)}}","channel":"email"}""", "text" },
        { "close", """{}""", "reason" },
        { "close", """{"reason":"lost"}""", "reason" },
        { "close", """{"reason":"referred"}""", "reason" },
        { "close", $$"""{"reason":"withdrawn","note":"{{Long(2_001)}}"}""", "note" },
        { "reopen", """{}""", "reason" },
        { "reopen", $$"""{"reason":"{{Long(2_001)}}"}""", "reason" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_is_a_400_problem_naming_the_field_and_appends_nothing(string verb, string json, string field)
    {
        var supervisor = f.As(Api.Flori, "supervisor");
        var id = await supervisor.Open();
        var before = await f.Db.CountEventsAsync();

        var problem = (await supervisor.CommandRaw(id, verb, json, expect: x => x.ProblemShouldBe(HttpStatusCode.BadRequest))).Json();

        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _), $"{verb}: no error for {field} in {problem}");
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Malformed_json_is_a_400_problem_and_appends_nothing(string verb)
    {
        var supervisor = f.As(Api.Flori, "supervisor");
        var id = await supervisor.Open();
        var before = await f.Db.CountEventsAsync();
        var truncated = ValidBodies[verb][..^1] + ",";

        var problem = (await supervisor.CommandRaw(id, verb, truncated, expect: x => x.ProblemShouldBe(HttpStatusCode.BadRequest))).Json();
        Assert.Contains("JSON", problem.GetProperty("detail").GetString());
        await supervisor.CommandRaw(id, verb, "[1,2]", expect: x => x.ProblemShouldBe(HttpStatusCode.BadRequest));
        await supervisor.CommandRaw(id, verb, "", expect: x => x.ProblemShouldBe(HttpStatusCode.BadRequest));

        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task A_malformed_if_match_is_a_400_problem_naming_the_header(string verb)
    {
        var supervisor = f.As(Api.Flori, "supervisor");
        var id = await supervisor.Open();
        var before = await f.Db.CountEventsAsync();

        var problem = (await supervisor.CommandRaw(id, verb, ValidBodies[verb], ifMatch: "dos", expect: x => x.ProblemShouldBe(HttpStatusCode.BadRequest))).Json();

        Assert.True(problem.GetProperty("errors").TryGetProperty("If-Match", out _), problem.ToString());
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task A_command_on_an_unknown_case_is_a_404_problem(string verb)
    {
        var before = await f.Db.CountEventsAsync();
        await f.As(Api.Flori, "supervisor").CommandRaw(Guid.NewGuid(), verb, ValidBodies[verb], expect: x => x.ProblemShouldBe(HttpStatusCode.NotFound));
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task A_stale_if_match_is_a_412_problem_and_appends_nothing(string verb)
    {
        var supervisor = f.As(Api.Flori, "supervisor");
        var id = await supervisor.Open();
        var stale = await supervisor.ETagOf(id);
        await supervisor.GivenNote(id, "Alguien más escribió");
        var before = await f.Db.CountEventsAsync();

        var problem = (await supervisor.CommandRaw(id, verb, ValidBodies[verb], ifMatch: $"\"{stale}\"", expect: x => x.ProblemShouldBe(HttpStatusCode.PreconditionFailed))).Json();

        Assert.Equal(stale + 1, problem.GetProperty("currentVersion").GetInt64());
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task A_current_if_match_lets_the_command_through_and_the_answer_carries_the_new_etag()
    {
        var supervisor = f.As(Api.Flori, "supervisor");
        var id = await supervisor.Open();
        var current = await supervisor.ETagOf(id);

        var response = await supervisor.CommandRaw(id, "classify", ValidBodies["classify"], ifMatch: $"\"{current}\"", expect: x => x.StatusCodeShouldBeOk());

        var result = response.Json();
        Assert.Equal(current + 2, response.ETag()); // classified, and filed
        Assert.Equal(current + 2, result.GetProperty("version").GetInt64());
        Assert.Equal(current + 2, await supervisor.ETagOf(id));
    }

    public static TheoryData<string, string> VerbsForReaders => new()
    {
        { "classify", "auditor" }, { "assign", "auditor" }, { "escalate", "auditor" }, { "refer", "auditor" }, { "extend", "auditor" },
        { "request-completion", "auditor" }, { "completed", "auditor" }, { "respond", "auditor" }, { "close", "auditor" }, { "reopen", "auditor" },
        { "classify", "control" }, { "assign", "control" }, { "escalate", "control" }, { "refer", "control" }, { "extend", "control" },
        { "request-completion", "control" }, { "completed", "control" }, { "respond", "control" }, { "close", "control" }, { "reopen", "control" },
        { "classify", "admin" }, { "respond", "admin" }, { "reopen", "admin" },
    };

    [Theory]
    [MemberData(nameof(VerbsForReaders))]
    public async Task Auditors_control_and_admins_cannot_work_cases(string verb, string role)
    {
        var id = await f.As(Api.Flori, "advisor").Open();
        var before = await f.Db.CountEventsAsync();

        await f.As(Api.Flori, role).CommandRaw(id, verb, ValidBodies[verb], expect: x => x.ProblemShouldBe(HttpStatusCode.Forbidden));

        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task A_token_of_another_entity_is_a_404_problem_even_for_a_real_case(string verb)
    {
        var id = await f.As(Api.Flori, "advisor").Open();
        var tenjo = f.As(Api.Tenjo, "supervisor");
        var before = await f.Db.CountEventsAsync();

        await tenjo.CommandRaw(id, verb, ValidBodies[verb], expect: x => x.ProblemShouldBe(HttpStatusCode.NotFound));
        await tenjo.CommandRaw(id, verb, ValidBodies[verb], tenant: Api.Tenjo, expect: x => x.ProblemShouldBe(HttpStatusCode.NotFound));

        Assert.Equal(before, await f.Db.CountEventsAsync());
        Assert.Equal("open", (await f.As(Api.Flori, "advisor").View(id)).Str("status"));
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Without_a_token_it_is_a_401_problem(string verb)
    {
        var id = await f.As(Api.Flori, "advisor").Open();
        await f.Anonymous().CommandRaw(id, verb, ValidBodies[verb], expect: x => x.ProblemShouldBe(HttpStatusCode.Unauthorized));
    }
}
