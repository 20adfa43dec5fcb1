using System.Net;
using System.Text.Json;
using static Atencion.CaseService.Tests.Staff.StaffApi;

namespace Atencion.CaseService.Tests.Staff;

/// <summary>The staff load per person and skill (open cases by the skill they need), and automatic assignment by it.</summary>
public sealed class SkillLoadTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private Caller Advisor => f.As(Faca, "advisor", "operadora");
    private Caller Supervisor => f.As(Faca, "supervisor", "jefa");

    /// <summary>Tests share the clock and the entity: a new shift starts after every earlier presence lapsed.</summary>
    private void NewShift() => f.Time.Advance(TimeSpan.FromMinutes(2));

    /// <summary>A staff member's open cases by skill, as <c>GET staff</c> shows them ("" for cases needing no skill).</summary>
    private async Task<Dictionary<string, int>> BySkill(string user)
    {
        var member = (await f.StaffList(Faca))[user];
        return member.GetProperty("openCasesBySkill").EnumerateArray()
            .ToDictionary(l => l.GetProperty("skill").GetString() ?? "", l => l.GetProperty("openCases").GetInt32());
    }

    private async Task<int> Total(string user) => (await f.StaffList(Faca))[user].GetProperty("openCases").GetInt32();

    [Fact]
    public async Task Automatic_assignment_picks_the_fewest_open_cases_of_the_case_s_skill_not_in_total()
    {
        NewShift();
        await f.RegisterStaff(Faca, "mixta-ana", "technician", "lawyer");
        await f.RegisterStaff(Faca, "mixta-zoe", "technician", "lawyer");
        // Ana holds two lawyer cases, Zoe one technician case: in total Zoe is less loaded, in technician cases Ana is.
        foreach (var (who, topic) in new[] { ("mixta-ana", "codigo-policia"), ("mixta-ana", "ley-1780"), ("mixta-zoe", "rues") })
            await f.GivenCaseAssignedTo(Faca, topic, who);
        await f.MarkPresent(Faca, "mixta-ana");
        await f.MarkPresent(Faca, "mixta-zoe");
        Assert.Equal(new Dictionary<string, int> { ["lawyer"] = 2 }, await BySkill("mixta-ana"));
        Assert.Equal(new Dictionary<string, int> { ["technician"] = 1 }, await BySkill("mixta-zoe"));

        var technical = await f.FiledCase(Faca, "mutaciones");
        var assigned = await f.AssignAutomatically(Faca, technical, x => x.StatusCodeShouldBeOk());
        Assert.Equal("mixta-ana", assigned.Json().GetProperty("assignee").GetString());

        // Now technician cases are level (1 and 1): the lawyer case goes to Zoe, who has none of those.
        var legal = await f.FiledCase(Faca, "ley-1780");
        Assert.Equal("mixta-zoe", await f.AssignedAutomatically(Faca, legal));
        Assert.Equal(new Dictionary<string, int> { ["lawyer"] = 2, ["technician"] = 1 }, await BySkill("mixta-ana"));
        Assert.Equal(new Dictionary<string, int> { ["lawyer"] = 1, ["technician"] = 1 }, await BySkill("mixta-zoe"));
    }

    [Fact]
    public async Task Equal_per_skill_load_falls_to_the_fewest_open_cases_in_all()
    {
        NewShift();
        await f.RegisterStaff(Faca, "empate-ana", "technician", "lawyer");
        await f.RegisterStaff(Faca, "empate-zoe", "technician", "lawyer");
        // Neither has technician cases; Ana (who sorts first and was never assigned) has a lawyer case, Zoe none.
        await f.GivenCaseAssignedTo(Faca, "codigo-policia", "empate-ana");
        await f.MarkPresent(Faca, "empate-ana");
        await f.MarkPresent(Faca, "empate-zoe");

        var id = await f.FiledCase(Faca, "registro");
        Assert.Equal("empate-zoe", await f.AssignedAutomatically(Faca, id));
    }

    [Fact]
    public async Task The_per_skill_load_follows_assignment_reassignment_escalation_answer_close_and_reopening()
    {
        NewShift();
        await f.RegisterStaff(Faca, "ciclo-ana", "technician", "lawyer");
        await f.RegisterStaff(Faca, "ciclo-zoe", "technician", "lawyer");

        var technical = await f.FiledCase(Faca, "rues");          // needs a technician
        var general = await f.FiledCase(Faca, topic: null);       // needs no skill
        var opened = await Advisor.CreateCase(Faca);              // received, not yet classified
        Assert.Empty(await BySkill("ciclo-ana"));

        await Advisor.Command(Faca, technical, "assign", new { assignee = "ciclo-ana" });
        await Advisor.Command(Faca, general, "assign", new { assignee = "ciclo-ana" });
        await Advisor.Command(Faca, opened, "assign", new { assignee = "ciclo-zoe" });
        Assert.Equal(new Dictionary<string, int> { ["technician"] = 1, [""] = 1 }, await BySkill("ciclo-ana"));
        Assert.Equal(new Dictionary<string, int> { [""] = 1 }, await BySkill("ciclo-zoe"));
        Assert.Equal(2, await Total("ciclo-ana"));

        // Reassigned: the technician case moves from Ana to Zoe.
        await Advisor.Command(Faca, technical, "assign", new { assignee = "ciclo-zoe" });
        Assert.Equal(new Dictionary<string, int> { [""] = 1 }, await BySkill("ciclo-ana"));
        Assert.Equal(new Dictionary<string, int> { ["technician"] = 1, [""] = 1 }, await BySkill("ciclo-zoe"));

        // Escalated to a lawyer with no lawyer present: Ana keeps it, now as a lawyer case.
        await Advisor.Command(Faca, general, "escalate", new { reason = "Requiere concepto jurídico.", skill = "lawyer" });
        Assert.Equal(new Dictionary<string, int> { ["lawyer"] = 1 }, await BySkill("ciclo-ana"));

        // Answered, then closed: neither counts any more.
        await Advisor.Command(Faca, technical, "respond", new { text = "Trámite realizado.", channel = "email" });
        Assert.Equal(new Dictionary<string, int> { [""] = 1 }, await BySkill("ciclo-zoe"));
        await Advisor.Command(Faca, opened, "close", new { reason = "duplicate" });
        Assert.Empty(await BySkill("ciclo-zoe"));
        Assert.Equal(0, await Total("ciclo-zoe"));
        await Advisor.Command(Faca, general, "close", new { reason = "withdrawn" });
        Assert.Empty(await BySkill("ciclo-ana"));

        // Reopened by a supervisor: back in progress, back in Ana's lawyer load.
        await Supervisor.Command(Faca, general, "reopen", new { reason = "El ciudadano no desistió." });
        Assert.Equal(new Dictionary<string, int> { ["lawyer"] = 1 }, await BySkill("ciclo-ana"));
        Assert.Equal(1, await Total("ciclo-ana"));
    }

    [Fact]
    public async Task The_staff_list_shows_the_breakdown_to_supervisors_and_admins_only()
    {
        await f.RegisterStaff(Faca, "vista-ana", "technician");
        await f.GivenCaseAssignedTo(Faca, "rues", "vista-ana");

        foreach (var role in new[] { "supervisor", "admin" })
        {
            var list = (await f.As(Faca, role, role).Scenario(x => x.Get.Url($"/api/{Faca}/staff"))).Json();
            var ana = list.EnumerateArray().Single(s => s.GetProperty("userId").GetString() == "vista-ana");
            var only = Assert.Single(ana.GetProperty("openCasesBySkill").EnumerateArray());
            Assert.Equal("technician", only.GetProperty("skill").GetString());
            Assert.Equal(1, only.GetProperty("openCases").GetInt32());
        }
        await Advisor.Scenario(x => { x.Get.Url($"/api/{Faca}/staff"); x.StatusCodeShouldBe(HttpStatusCode.Forbidden); });
    }
}
