using System.Net;
using Atencion.CaseService.Tests.Lifecycle;
using static Atencion.CaseService.Tests.Staff.StaffApi;

namespace Atencion.CaseService.Tests.Staff;

public sealed class AssignmentTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private Caller Advisor => f.As(Faca, "advisor", "operadora");

    /// <summary>Tests share the clock and the entity: a new shift starts after every earlier presence lapsed.</summary>
    private void NewShift() => f.Time.Advance(TimeSpan.FromMinutes(2));

    [Fact]
    public async Task The_case_goes_to_the_present_staff_member_with_the_skill_its_topic_needs()
    {
        NewShift();
        await f.GivenPresentStaff(Faca, "tecnico-tomas", "technician");
        await f.GivenPresentStaff(Faca, "abogada-lucia", "lawyer");
        var rues = await f.FiledCase(Faca, "rues");
        var police = await f.FiledCase(Faca, "codigo-policia");

        Assert.Equal("tecnico-tomas", await f.AssignedAutomatically(Faca, rues));
        Assert.Equal("abogada-lucia", await f.AssignedAutomatically(Faca, police));

        var view = await Advisor.View(rues, Faca);
        Assert.Equal("tecnico-tomas", view.GetProperty("assignee").GetString());
        Assert.Equal("technician", view.GetProperty("skill").GetString());
        var staff = await f.StaffList(Faca);
        Assert.Equal(1, staff["tecnico-tomas"].GetProperty("openCases").GetInt32());
        Assert.Equal(1, staff["abogada-lucia"].GetProperty("openCases").GetInt32());
        Assert.Equal(f.Time.GetUtcNow(), staff["abogada-lucia"].GetProperty("lastAssignedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_staff_member_with_fewest_open_cases_gets_the_next_one()
    {
        NewShift();
        await f.GivenPresentStaff(Faca, "carga-ana", "technician");
        await f.GivenPresentStaff(Faca, "carga-zoe", "technician");
        // Ana already holds two cases, Zoe one; Ana also sorts first, so only the load can pick Zoe.
        foreach (var who in new[] { "carga-ana", "carga-ana", "carga-zoe" })
            await f.GivenCaseAssignedTo(Faca, "registro", who);
        f.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal("carga-zoe", await f.AssignedAutomatically(Faca, await f.FiledCase(Faca, "registro")));
        var staff = await f.StaffList(Faca);
        Assert.Equal(2, staff["carga-ana"].GetProperty("openCases").GetInt32());
        Assert.Equal(2, staff["carga-zoe"].GetProperty("openCases").GetInt32());
        Assert.Equal(f.Time.GetUtcNow(), staff["carga-zoe"].GetProperty("lastAssignedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Among_equally_loaded_staff_the_one_idle_longest_gets_the_case()
    {
        NewShift();
        await f.RegisterStaff(Faca, "turno-ana", "technician");
        await f.RegisterStaff(Faca, "turno-zoe", "technician");
        // Zoe answered a case at 09:0x, Ana one a minute later: both have no open cases, Zoe has waited longer.
        var zoes = await f.GivenCaseAssignedTo(Faca, "mutaciones", "turno-zoe");
        f.Time.Advance(TimeSpan.FromSeconds(30));
        var anas = await f.GivenCaseAssignedTo(Faca, "mutaciones", "turno-ana");
        foreach (var answered in new[] { zoes, anas })
            await f.GivenAnswered(Faca, answered, "Trámite realizado.");
        var staff = await f.StaffList(Faca);
        Assert.Equal(0, staff["turno-ana"].GetProperty("openCases").GetInt32());
        Assert.Equal(0, staff["turno-zoe"].GetProperty("openCases").GetInt32());
        await f.MarkPresent(Faca, "turno-ana");
        await f.MarkPresent(Faca, "turno-zoe");

        Assert.Equal("turno-zoe", await f.AssignedAutomatically(Faca, await f.FiledCase(Faca, "mutaciones")));
    }

    [Fact]
    public async Task Someone_never_assigned_counts_as_idle_longest()
    {
        NewShift();
        await f.RegisterStaff(Faca, "nuevo-ana", "technician");
        await f.RegisterStaff(Faca, "nuevo-zoe", "technician");
        var earlier = await f.GivenCaseAssignedTo(Faca, "proponentes", "nuevo-ana");
        await f.GivenAnswered(Faca, earlier, "Listo.");
        await f.MarkPresent(Faca, "nuevo-ana");
        await f.MarkPresent(Faca, "nuevo-zoe");

        Assert.Equal("nuevo-zoe", await f.AssignedAutomatically(Faca, await f.FiledCase(Faca, "proponentes")));
    }

    [Fact]
    public async Task With_nobody_present_and_active_with_the_skill_automatic_assignment_is_a_409_problem_and_changes_nothing()
    {
        NewShift();
        await f.RegisterStaff(Faca, "ausente-tecnico", "technician");
        await f.GivenPresentStaff(Faca, "presente-abogado", "lawyer");
        await f.GivenPresentStaff(Faca, "saliente-tecnico", "technician");
        await f.MarkPresent(Faca, "saliente-tecnico", present: false);
        var inactive = await f.GivenStaffMember(Faca, "inactivo-tecnico",
            new { name = "Técnico en vacaciones", skills = new[] { "technician" }, active = false });
        Assert.False(inactive.GetProperty("active").GetBoolean());
        await f.MarkPresent(Faca, "inactivo-tecnico");
        var id = await f.FiledCase(Faca, "rues");
        var before = await f.Db.CountEventsAsync();

        var problem = (await f.AssignAutomatically(Faca, id, x => x.ProblemShouldBe(HttpStatusCode.Conflict))).Json();

        Assert.Contains("technician", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await f.Db.CountEventsAsync());
        Assert.Null(await f.AssigneeOf(Faca, id));
        var staff = await f.StaffList(Faca);
        Assert.Equal(0, staff["ausente-tecnico"].GetProperty("openCases").GetInt32());
        Assert.Equal(0, staff["saliente-tecnico"].GetProperty("openCases").GetInt32());
        Assert.Equal(0, staff["inactivo-tecnico"].GetProperty("openCases").GetInt32());
    }

    [Fact]
    public async Task Staff_whose_heartbeat_lapsed_are_not_picked()
    {
        NewShift();
        await f.RegisterStaff(Faca, "latido-viejo", "lawyer");
        await f.RegisterStaff(Faca, "latido-nuevo", "lawyer");
        await f.MarkPresent(Faca, "latido-viejo");
        f.Time.Advance(TimeSpan.FromSeconds(45));
        await f.MarkPresent(Faca, "latido-nuevo");
        f.Time.Advance(TimeSpan.FromSeconds(20)); // viejo lapsed 5 s ago, nuevo has 40 s left

        foreach (var _ in Enumerable.Range(0, 2))
            Assert.Equal("latido-nuevo", await f.AssignedAutomatically(Faca, await f.FiledCase(Faca, "ley-1780")));

        f.Time.Advance(TimeSpan.FromSeconds(41));
        var id = await f.FiledCase(Faca, "ley-1780");
        await f.AssignAutomatically(Faca, id, x => x.ProblemShouldBe(HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Escalation_hands_the_case_to_a_present_staff_member_with_the_new_skill()
    {
        NewShift();
        await f.RegisterStaff(Faca, "orienta-fernanda", "first-level");
        await f.GivenPresentStaff(Faca, "escala-lucia", "lawyer");
        await f.GivenPresentStaff(Faca, "escala-tomas", "technician");
        var id = await f.GivenCaseAssignedTo(Faca, topic: null, "orienta-fernanda");

        var escalated = await Advisor.Command(Faca, id, "escalate", new { reason = "Requiere concepto jurídico.", skill = "lawyer" });

        Assert.Equal("escala-lucia", escalated.GetProperty("assignee").GetString());
        var view = await Advisor.View(id, Faca);
        Assert.Equal("escala-lucia", view.GetProperty("assignee").GetString());
        Assert.Equal("lawyer", view.GetProperty("skill").GetString());
        var staff = await f.StaffList(Faca);
        Assert.Equal(0, staff["orienta-fernanda"].GetProperty("openCases").GetInt32());
        Assert.Equal(1, staff["escala-lucia"].GetProperty("openCases").GetInt32());
        Assert.Equal(0, staff["escala-tomas"].GetProperty("openCases").GetInt32());
    }

    [Theory]
    [InlineData("""{"reason":"Otro saber.","skill":"astrologer"}""", "skill")]
    [InlineData("""{"reason":"Otro saber."}""", "skill")]
    [InlineData("""{"skill":"lawyer"}""", "reason")]
    public async Task An_escalation_to_an_unknown_skill_or_without_reason_is_a_400_problem(string json, string field)
    {
        var id = await f.FiledCase(Faca, topic: null);
        var before = await f.Db.CountEventsAsync();

        var problem = (await Advisor.CommandRaw(id, "escalate", json, Faca, expect: x => x.ProblemShouldBe(HttpStatusCode.BadRequest))).Json();

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task Assigning_by_name_needs_no_presence_and_counts_toward_the_load()
    {
        await f.RegisterStaff(Faca, "externo-felipe", "technician"); // registered, never present
        var id = await f.FiledCase(Faca, "rues");

        var assigned = await Advisor.Command(Faca, id, "assign", new { assignee = "externo-felipe" });

        Assert.Equal("externo-felipe", assigned.GetProperty("assignee").GetString());
        Assert.Equal(1, (await f.StaffList(Faca))["externo-felipe"].GetProperty("openCases").GetInt32());
        await Advisor.Command(Faca, id, "respond", new { text = "Resuelto.", channel = "email" });
        Assert.Equal(0, (await f.StaffList(Faca))["externo-felipe"].GetProperty("openCases").GetInt32());
    }
}
