using System.Net;
using System.Net.Http.Json;

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

        var problem = await (await supervisor.CommandRaw(id, verb, json)).AssertProblem(HttpStatusCode.BadRequest);

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

        var problem = await (await supervisor.CommandRaw(id, verb, truncated)).AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains("JSON", problem.GetProperty("detail").GetString());
        await (await supervisor.CommandRaw(id, verb, "[1,2]")).AssertProblem(HttpStatusCode.BadRequest);
        await (await supervisor.CommandRaw(id, verb, "")).AssertProblem(HttpStatusCode.BadRequest);

        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task A_malformed_if_match_is_a_400_problem_naming_the_header(string verb)
    {
        var supervisor = f.As(Api.Flori, "supervisor");
        var id = await supervisor.Open();
        var before = await f.Db.CountEventsAsync();

        var problem = await (await supervisor.CommandRaw(id, verb, ValidBodies[verb], ifMatch: "dos")).AssertProblem(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("If-Match", out _), problem.ToString());
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task A_command_on_an_unknown_case_is_a_404_problem(string verb)
    {
        var before = await f.Db.CountEventsAsync();
        await (await f.As(Api.Flori, "supervisor").CommandRaw(Guid.NewGuid(), verb, ValidBodies[verb])).AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task A_stale_if_match_is_a_412_problem_and_appends_nothing(string verb)
    {
        var supervisor = f.As(Api.Flori, "supervisor");
        var id = await supervisor.Open();
        var read = await supervisor.GetAsync(Lifecycle.CaseUrl(id));
        var stale = read.ETag();
        (await supervisor.PostAsJsonAsync($"{Lifecycle.CaseUrl(id)}/notes", new { text = "Alguien más escribió" })).EnsureSuccessStatusCode();
        var before = await f.Db.CountEventsAsync();

        var problem = await (await supervisor.CommandRaw(id, verb, ValidBodies[verb], ifMatch: $"\"{stale}\"")).AssertProblem(HttpStatusCode.PreconditionFailed);

        Assert.Equal(stale + 1, problem.GetProperty("currentVersion").GetInt64());
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task A_current_if_match_lets_the_command_through_and_the_answer_carries_the_new_etag()
    {
        var supervisor = f.As(Api.Flori, "supervisor");
        var id = await supervisor.Open();
        var current = (await supervisor.GetAsync(Lifecycle.CaseUrl(id))).ETag();

        var response = await supervisor.CommandRaw(id, "classify", ValidBodies["classify"], ifMatch: $"\"{current}\"");

        var result = await response.Ok();
        Assert.Equal(current + 2, response.ETag()); // classified, and filed
        Assert.Equal(current + 2, result.GetProperty("version").GetInt64());
        Assert.Equal(current + 2, (await supervisor.GetAsync(Lifecycle.CaseUrl(id))).ETag());
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

        await (await f.As(Api.Flori, role).CommandRaw(id, verb, ValidBodies[verb])).AssertProblem(HttpStatusCode.Forbidden);

        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task A_token_of_another_entity_is_a_404_problem_even_for_a_real_case(string verb)
    {
        var id = await f.As(Api.Flori, "advisor").Open();
        var tenjo = f.As(Api.Tenjo, "supervisor");
        var before = await f.Db.CountEventsAsync();

        await (await tenjo.CommandRaw(id, verb, ValidBodies[verb])).AssertProblem(HttpStatusCode.NotFound);
        await (await tenjo.CommandRaw(id, verb, ValidBodies[verb], tenant: Api.Tenjo)).AssertProblem(HttpStatusCode.NotFound);

        Assert.Equal(before, await f.Db.CountEventsAsync());
        Assert.Equal("open", (await f.As(Api.Flori, "advisor").View(id)).Str("status"));
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Without_a_token_it_is_a_401_problem(string verb)
    {
        var id = await f.As(Api.Flori, "advisor").Open();
        await (await f.Anonymous().CommandRaw(id, verb, ValidBodies[verb])).AssertProblem(HttpStatusCode.Unauthorized);
    }
}
