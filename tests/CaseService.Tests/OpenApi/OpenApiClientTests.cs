using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Atencion.CaseService.Tests.OpenApi;

/// <summary>The OpenAPI document as a third party uses it: Redocly's recommended rules, and a client generated with openapi-typescript that
/// compiles under <c>tsc --strict</c> and calls the running service (tools pinned in tests/OpenApi/package-lock.json).</summary>
public sealed class OpenApiClientTests(KestrelServiceFixture f, ITestOutputHelper output) : IClassFixture<KestrelServiceFixture>, IDisposable
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(3);

    private readonly List<string> _workspaces = [];

    public void Dispose()
    {
        foreach (var dir in _workspaces)
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } // the symlink goes, not what it points to
    }

    [Fact]
    public async Task The_document_passes_Redocly_recommended_rules_with_no_error()
    {
        NodeTools.RequireInstalled();
        var dir = await WorkspaceAsync();

        var lint = NodeTools.Run(NodeTools.Bin("redocly"),
            ["lint", "--config", Path.Combine(NodeTools.Folder, "redocly.yaml"), "--format", "json", "--max-problems", "1000", Path.Combine(dir, "v1.json")],
            dir, ToolTimeout);
        output.WriteLine(lint.Output);

        var json = lint.Stdout[lint.Stdout.IndexOf('{')..];
        var report = JsonDocument.Parse(json).RootElement;
        var problems = report.GetProperty("problems").EnumerateArray()
            .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()}").ToList();
        Assert.True(report.GetProperty("totals").GetProperty("errors").GetInt32() == 0, string.Join('\n', problems));
        Assert.Equal(0, lint.ExitCode);
        // The one warning left: the project states no license, and the document does not invent one.
        var warnings = report.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("ruleId").GetString()).Where(r => r != "info-license");
        Assert.True(!warnings.Any(), string.Join('\n', problems));
    }

    [Fact]
    public async Task A_strict_TypeScript_client_generated_from_the_document_calls_an_anonymous_route_a_staff_command_with_If_Match_and_a_CSV_report()
    {
        NodeTools.RequireInstalled();
        var dir = await WorkspaceAsync();
        foreach (var file in new[] { "client.ts", "tsconfig.json", "package.json" })
            File.Copy(Path.Combine(NodeTools.Folder, file), Path.Combine(dir, file));
        // tsc and node resolve openapi-fetch from the pinned install.
        Directory.CreateSymbolicLink(Path.Combine(dir, "node_modules"), Path.Combine(NodeTools.Folder, "node_modules"));

        var generate = NodeTools.Run(NodeTools.Bin("openapi-typescript"), ["v1.json", "--output", "schema.d.ts"], dir, ToolTimeout);
        Assert.True(generate.ExitCode == 0, generate.Output);
        var compile = NodeTools.Run(NodeTools.Bin("tsc"), ["--project", "tsconfig.json", "--strict"], dir, ToolTimeout);
        Assert.True(compile.ExitCode == 0, "tsc --strict: " + compile.Output);

        var run = NodeTools.Run("node", [Path.Combine("out", "client.js")], dir, ToolTimeout, new Dictionary<string, string>
        {
            ["ATENCION_BASE_URL"] = f.BaseAddress,
            ["ATENCION_TENANT"] = Api.Flori,
            ["ATENCION_ADVISOR_TOKEN"] = f.Token(Api.Flori, "advisor"),
            ["ATENCION_CONTROL_TOKEN"] = f.Token(Api.Flori, "control", "contraloria"),
        });
        output.WriteLine(run.Output);
        Assert.True(run.ExitCode == 0, run.Output);

        var seen = JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]).RootElement;
        Assert.Empty(seen.GetProperty("failures").EnumerateArray());
        Assert.Equal(200, seen.GetProperty("availability").GetInt32());
        Assert.Equal(201, seen.GetProperty("opened").GetInt32());
        Assert.Equal("\"2\"", seen.GetProperty("etag").GetString());
        Assert.Equal(201, seen.GetProperty("note").GetInt32());
        Assert.Equal("\"3\"", seen.GetProperty("noteETag").GetString());
        Assert.Equal(412, seen.GetProperty("stale").GetInt32());
        Assert.Equal(200, seen.GetProperty("report").GetInt32());
        Assert.StartsWith("period,dimension,key,received", seen.GetProperty("csvHeader").GetString());

        // What the client did is what the service recorded: the note is in the case.
        using var http = new HttpClient { BaseAddress = new Uri(f.BaseAddress) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", f.Token(Api.Flori, "advisor"));
        var view = await (await http.GetAsync($"/api/{Api.Flori}/cases/{seen.GetProperty("caseId").GetString()}")).Body();
        Assert.Equal(3, view.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Every_operation_has_a_unique_id_its_path_parameters_a_security_requirement_and_problem_responses()
    {
        var doc = await DocumentAsync();
        Assert.DoesNotContain(doc.GetProperty("servers").EnumerateArray(), s => s.GetProperty("url").GetString()!.EndsWith('/'));
        var schemes = doc.GetProperty("components").GetProperty("securitySchemes");
        Assert.True(schemes.TryGetProperty("staffToken", out _) && schemes.TryGetProperty("chatToken", out _));

        var ids = new List<string>();
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        foreach (var op in path.Value.EnumerateObject())
        {
            var where = $"{op.Name.ToUpperInvariant()} {path.Name}";
            ids.Add(op.Value.GetProperty("operationId").GetString()!);
            var parameters = op.Value.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray().ToList() : [];
            foreach (Match m in Regex.Matches(path.Name, @"\{(\w+)\}"))
                Assert.Contains(parameters, p => p.GetProperty("in").GetString() == "path" && p.GetProperty("name").GetString() == m.Groups[1].Value);
            Assert.True(op.Value.TryGetProperty("security", out var security), $"{where} has no security");
            var responses = op.Value.GetProperty("responses");
            Assert.True(responses.TryGetProperty("401", out _), $"{where} has no 401");
            if (security.GetArrayLength() > 0) Assert.True(responses.TryGetProperty("403", out _), $"{where} has no 403");
            if (path.Name.StartsWith("/api/{tenant}/", StringComparison.Ordinal)) Assert.True(responses.TryGetProperty("404", out _), $"{where} has no 404");
        }
        Assert.Equal(ids.Count, ids.Distinct().Count());

        var paths = doc.GetProperty("paths");
        Assert.Equal(0, paths.GetProperty("/api/{tenant}/chat/availability").GetProperty("get").GetProperty("security").GetArrayLength());
        var messages = paths.GetProperty("/api/{tenant}/chats/{caseId}/messages").GetProperty("post").GetProperty("security");
        Assert.Equal(["staffToken", "chatToken"], messages.EnumerateArray().Select(r => r.EnumerateObject().Single().Name));

        var note = paths.GetProperty("/api/{tenant}/cases/{id}/notes").GetProperty("post");
        Assert.Contains(note.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "If-Match" && p.GetProperty("in").GetString() == "header");
        var created = note.GetProperty("responses").GetProperty("201").GetProperty("headers");
        Assert.True(created.TryGetProperty("ETag", out _) && created.TryGetProperty("Location", out _));
        Assert.True(paths.GetProperty("/api/{tenant}/pqrsd").GetProperty("post").GetProperty("responses").GetProperty("429").GetProperty("headers").TryGetProperty("Retry-After", out _));
        Assert.True(paths.GetProperty("/api/{tenant}/cases/{id}/notes").GetProperty("post").GetProperty("responses").GetProperty("503").GetProperty("headers").TryGetProperty("Retry-After", out _));
        var csv = paths.GetProperty("/api/{tenant}/reports/contacts").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("text/csv");
        Assert.Equal("string", csv.GetProperty("schema").GetProperty("type").GetString());

        // Required request fields are required and not null; optional ones are optional.
        var openCase = doc.GetProperty("components").GetProperty("schemas").GetProperty("OpenCaseRequest");
        Assert.Equal(["channel", "subject", "text"], openCase.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Order());
        Assert.Equal("string", openCase.GetProperty("properties").GetProperty("text").GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Array, openCase.GetProperty("properties").GetProperty("receivedAt").GetProperty("type").ValueKind); // ["null", "string"]
        var survey = doc.GetProperty("components").GetProperty("schemas").GetProperty("SurveyAnswers");
        Assert.Equal(["competence", "courtesy", "needMet", "quality", "timeliness"], survey.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Order());
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(f.BaseAddress) };
        return JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json")).RootElement;
    }

    /// <summary>A temporary folder holding the document as the running service serves it.</summary>
    private async Task<string> WorkspaceAsync()
    {
        var dir = Directory.CreateTempSubdirectory("atencion-openapi-").FullName;
        _workspaces.Add(dir);
        using var http = new HttpClient { BaseAddress = new Uri(f.BaseAddress) };
        await File.WriteAllTextAsync(Path.Combine(dir, "v1.json"), await http.GetStringAsync("/openapi/v1.json"));
        return dir;
    }
}
