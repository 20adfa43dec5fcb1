using System.Net;
using Atencion.CaseService.Tests.Lifecycle;

namespace Atencion.CaseService.Tests.Staff;

/// <summary>An assignee is a reference, not free text: a registered (or signed-in) staff member of the entity who takes cases.</summary>
public sealed class AssigneeReferenceTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private Caller Advisor => f.As(Api.Flori, "advisor", "ana");

    public static TheoryData<string> Strangers => new() { "nobody-at-all", "<script>alert(1)</script>", "ANA-de-otra-entidad" };

    [Theory]
    [MemberData(nameof(Strangers))]
    public async Task Assigning_to_someone_the_entity_does_not_know_is_a_422_naming_assignee_and_appends_nothing(string stranger)
    {
        var id = await Advisor.CreateCase();
        var before = await f.Db.CountEventsAsync();

        var problem = (await Advisor.Command(id, "assign", new { assignee = stranger }, expect: x => x.ProblemShouldBe(HttpStatusCode.UnprocessableEntity))).Json();

        Assert.Contains("not a staff member of this entity", problem.GetProperty("errors").GetProperty("assignee")[0].GetString());
        Assert.Equal(before, await f.Db.CountEventsAsync());
        var view = await Advisor.View(id);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, view.GetProperty("assignee").ValueKind);
        Assert.False((await f.StaffList(Api.Flori)).ContainsKey(stranger));
    }

    [Fact]
    public async Task Staff_of_another_entity_are_strangers_here()
    {
        await f.RegisterStaff(Api.Tenjo, "solo-en-tenjo");
        var id = await Advisor.CreateCase();

        await Advisor.Command(id, "assign", new { assignee = "solo-en-tenjo" }, expect: x => x.ProblemShouldBe(HttpStatusCode.UnprocessableEntity));
    }

    [Fact]
    public async Task A_staff_member_registered_as_not_taking_cases_is_refused()
    {
        await f.As(Api.Flori, "admin", "admin").RegisterStaff(Api.Flori, "de-vacaciones", new { name = "De vacaciones", active = false },
            x => x.StatusCodeShouldBeOk());
        var id = await Advisor.CreateCase();
        var before = await f.Db.CountEventsAsync();

        var problem = (await Advisor.Command(id, "assign", new { assignee = "de-vacaciones" }, expect: x => x.ProblemShouldBe(HttpStatusCode.UnprocessableEntity))).Json();

        Assert.Contains("active: false", problem.GetProperty("errors").GetProperty("assignee")[0].GetString());
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task A_registered_member_and_one_who_signed_in_and_marked_presence_may_be_assigned_by_name()
    {
        await f.RegisterStaff(Api.Flori, "registrada");
        await f.MarkPresent(Api.Flori, "conectado");
        var first = await Advisor.CreateCase();
        var second = await Advisor.CreateCase();

        Assert.Equal("registrada", (await Advisor.Command(Api.Flori, first, "assign", new { assignee = "registrada" })).GetProperty("assignee").GetString());
        Assert.Equal("conectado", (await Advisor.Command(Api.Flori, second, "assign", new { assignee = " conectado " })).GetProperty("assignee").GetString());
    }
}
