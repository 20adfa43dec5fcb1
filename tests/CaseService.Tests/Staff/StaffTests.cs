using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Atencion.CaseService.Tests.Staff.StaffApi;

namespace Atencion.CaseService.Tests.Staff;

public sealed class StaffTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private Caller Admin => f.As(Faca, "admin", "admin");

    [Fact]
    public async Task An_admin_registers_a_staff_member_with_skills_and_can_change_them()
    {
        var response = await Admin.PutAsJsonAsync($"/api/{Faca}/staff/tomas", new { name = "Tomás Herrera", skills = new[] { "technician" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var member = await response.Body();
        Assert.Equal("tomas", member.GetProperty("userId").GetString());
        Assert.Equal("Tomás Herrera", member.GetProperty("name").GetString());
        Assert.Equal(["technician"], member.GetProperty("skills").EnumerateArray().Select(s => s.GetString()));
        Assert.True(member.GetProperty("active").GetBoolean());
        Assert.Equal(0, member.GetProperty("openCases").GetInt32());
        Assert.False(member.GetProperty("present").GetBoolean());

        await Admin.PutAsJsonAsync($"/api/{Faca}/staff/tomas", new { name = "Tomás Herrera", skills = new[] { "technician", "lawyer" } });
        var listed = (await f.StaffList(Faca))["tomas"];
        Assert.Equal("Tomás Herrera", listed.GetProperty("name").GetString());
        Assert.Equal(["technician", "lawyer"], listed.GetProperty("skills").EnumerateArray().Select(s => s.GetString()));
    }

    [Theory]
    [InlineData("""{"name":"Tomás","skills":["plumber"]}""", "skills")]
    [InlineData("""{"skills":["technician"]}""", "name")]
    [InlineData("""{"name":"  ","skills":["technician"]}""", "name")]
    [InlineData("""{"name":"Tomás","skills":"technician"}""", "skills")]
    public async Task A_registration_with_an_unknown_skill_or_no_name_is_a_400_problem_and_changes_nothing(string json, string field)
    {
        var before = await f.Db.CountEventsAsync();
        var response = await Admin.PutAsync($"/api/{Faca}/staff/nadie", Api.Raw(json));

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field} in {problem}");
        Assert.Equal(before, await f.Db.CountEventsAsync());
        Assert.False((await f.StaffList(Faca)).ContainsKey("nadie"));
    }

    [Theory]
    [InlineData("advisor")]
    [InlineData("supervisor")]
    [InlineData("auditor")]
    public async Task Only_admins_register_staff(string role)
    {
        var before = await f.Db.CountEventsAsync();
        var response = await f.As(Faca, role).PutAsJsonAsync($"/api/{Faca}/staff/intruso", new { name = "Intruso", skills = new[] { "lawyer" } });
        await response.AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task Presence_lasts_one_heartbeat_unless_renewed()
    {
        await f.RegisterStaff(Faca, "pablo", "first-level");
        var marked = await f.MarkPresent(Faca, "pablo");
        Assert.True(marked.GetProperty("present").GetBoolean());
        Assert.Equal(f.Time.GetUtcNow().AddSeconds(60), marked.GetProperty("presentUntil").GetDateTimeOffset());
        Assert.True((await f.StaffList(Faca))["pablo"].GetProperty("present").GetBoolean());

        f.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.True((await f.StaffList(Faca))["pablo"].GetProperty("present").GetBoolean());
        await f.MarkPresent(Faca, "pablo"); // the heartbeat renews it for another 60 s
        f.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.True((await f.StaffList(Faca))["pablo"].GetProperty("present").GetBoolean());

        f.Time.Advance(TimeSpan.FromSeconds(2));
        var lapsed = (await f.StaffList(Faca))["pablo"];
        Assert.False(lapsed.GetProperty("present").GetBoolean());
        Assert.Equal("Funcionario pablo", lapsed.GetProperty("name").GetString());
        Assert.Equal(["first-level"], lapsed.GetProperty("skills").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Marking_oneself_absent_takes_effect_at_once()
    {
        await f.MarkPresent(Faca, "rocio");
        var absent = await f.MarkPresent(Faca, "rocio", present: false);

        Assert.False(absent.GetProperty("present").GetBoolean());
        Assert.False((await f.StaffList(Faca))["rocio"].GetProperty("present").GetBoolean());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"present":null}""")]
    [InlineData("""{"present":"yes"}""")]
    public async Task Presence_without_a_clear_true_or_false_is_a_400_problem(string json)
    {
        var response = await f.As(Faca, "advisor", "pablo").PutAsync($"/api/{Faca}/staff/me/presence", Api.Raw(json));
        var problem = await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("present", out _), problem.ToString());
    }

    [Theory]
    [InlineData("auditor")]
    [InlineData("control")]
    [InlineData("admin")]
    public async Task Roles_that_take_no_cases_cannot_mark_presence(string role)
    {
        var response = await f.As(Faca, role, "mirona").PutAsJsonAsync($"/api/{Faca}/staff/me/presence", new { present = true });
        await response.AssertProblem(HttpStatusCode.Forbidden);
        Assert.False((await f.StaffList(Faca)).ContainsKey("mirona"));
    }

    [Theory]
    [InlineData("advisor", HttpStatusCode.Forbidden)]
    [InlineData("auditor", HttpStatusCode.Forbidden)]
    [InlineData("control", HttpStatusCode.Forbidden)]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("supervisor", HttpStatusCode.OK)]
    public async Task The_staff_overview_is_for_supervisors_and_admins(string role, HttpStatusCode status)
    {
        var response = await f.As(Faca, role).GetAsync($"/api/{Faca}/staff");
        if (status == HttpStatusCode.OK) Assert.Equal(JsonValueKind.Array, (await response.Body()).ValueKind);
        else await response.AssertProblem(status);
    }

    [Fact]
    public async Task Without_a_token_staff_routes_are_a_401_problem()
    {
        await (await f.Anonymous().PutAsJsonAsync($"/api/{Faca}/staff/me/presence", new { present = true })).AssertProblem(HttpStatusCode.Unauthorized);
        await (await f.Anonymous().GetAsync($"/api/{Faca}/staff")).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Each_entity_sees_only_its_own_staff()
    {
        await f.RegisterStaff(Api.Tenjo, "camilo", "first-level");
        await f.MarkPresent(Api.Tenjo, "camilo");

        Assert.False((await f.StaffList(Faca)).ContainsKey("camilo"));
        Assert.True((await f.StaffList(Api.Tenjo))["camilo"].GetProperty("present").GetBoolean());
        await (await f.As(Api.Tenjo, "supervisor").GetAsync($"/api/{Faca}/staff")).AssertProblem(HttpStatusCode.NotFound);
    }
}
