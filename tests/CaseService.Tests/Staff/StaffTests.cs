using System.Net;
using System.Text.Json;
using static Atencion.CaseService.Tests.Staff.StaffApi;
using static Atencion.CaseService.Tests.Staff.StaffScenarios;

namespace Atencion.CaseService.Tests.Staff;

public sealed class StaffTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private Caller Admin => f.As(Faca, "admin", "admin");

    [Fact]
    public async Task An_admin_registers_a_staff_member_with_skills_and_can_change_them()
    {
        var member = (await Admin.RegisterStaff(Faca, "tomas", new { name = "Tomás Herrera", skills = new[] { "technician" } },
            x => x.StatusCodeShouldBeOk())).Json();

        Assert.Equal("tomas", member.GetProperty("userId").GetString());
        Assert.Equal("Tomás Herrera", member.GetProperty("name").GetString());
        Assert.Equal(["technician"], member.GetProperty("skills").EnumerateArray().Select(s => s.GetString()));
        Assert.True(member.GetProperty("active").GetBoolean());
        Assert.Equal(0, member.GetProperty("openCases").GetInt32());
        Assert.False(member.GetProperty("present").GetBoolean());

        await Admin.RegisterStaff(Faca, "tomas", new { name = "Tomás Herrera", skills = new[] { "technician", "lawyer" } });
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
        var problem = (await Admin.Scenario(x =>
        {
            x.Put.RawJson(json).ToUrl(StaffUrl(Faca, "nadie"));
            x.ProblemShouldBe(HttpStatusCode.BadRequest);
        })).Json();

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
        await f.As(Faca, role).RegisterStaff(Faca, "intruso", new { name = "Intruso", skills = new[] { "lawyer" } },
            x => x.ProblemShouldBe(HttpStatusCode.Forbidden));
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
        var problem = (await f.As(Faca, "advisor", "pablo").Scenario(x =>
        {
            x.Put.RawJson(json).ToUrl(PresenceUrl(Faca));
            x.ProblemShouldBe(HttpStatusCode.BadRequest);
        })).Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty("present", out _), problem.ToString());
    }

    [Theory]
    [InlineData("auditor")]
    [InlineData("control")]
    [InlineData("admin")]
    public async Task Roles_that_take_no_cases_cannot_mark_presence(string role)
    {
        await f.As(Faca, role, "mirona").Scenario(x =>
        {
            x.Put.Json(new { present = true }).ToUrl(PresenceUrl(Faca));
            x.ProblemShouldBe(HttpStatusCode.Forbidden);
        });
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
        var overview = await f.As(Faca, role).Scenario(x =>
        {
            x.Get.Url($"/api/{Faca}/staff");
            if (status == HttpStatusCode.OK) x.StatusCodeShouldBeOk();
            else x.ProblemShouldBe(status);
        });
        if (status == HttpStatusCode.OK) Assert.Equal(JsonValueKind.Array, overview.Json().ValueKind);
    }

    [Fact]
    public async Task Without_a_token_staff_routes_are_a_401_problem()
    {
        await f.Anonymous().Scenario(x =>
        {
            x.Put.Json(new { present = true }).ToUrl(PresenceUrl(Faca));
            x.ProblemShouldBe(HttpStatusCode.Unauthorized);
        });
        await f.Anonymous().Scenario(x => { x.Get.Url($"/api/{Faca}/staff"); x.ProblemShouldBe(HttpStatusCode.Unauthorized); });
    }

    [Fact]
    public async Task Each_entity_sees_only_its_own_staff()
    {
        await f.RegisterStaff(Api.Tenjo, "camilo", "first-level");
        await f.MarkPresent(Api.Tenjo, "camilo");

        Assert.False((await f.StaffList(Faca)).ContainsKey("camilo"));
        Assert.True((await f.StaffList(Api.Tenjo))["camilo"].GetProperty("present").GetBoolean());
        await f.As(Api.Tenjo, "supervisor").Scenario(x => { x.Get.Url($"/api/{Faca}/staff"); x.ProblemShouldBe(HttpStatusCode.NotFound); });
    }
}
