using System.Net;
using Atencion.CaseService.Tests.Staff;

namespace Atencion.CaseService.Tests.Lifecycle;

public sealed class AssignTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    /// <summary>A staff member's open cases as the supervisor's staff list shows them (0 when not listed yet).</summary>
    private async Task<int> OpenCasesOf(string user)
    {
        var staff = await f.As(Api.Flori, "supervisor").Scenario(x =>
        {
            x.Get.Url($"/api/{Api.Flori}/staff");
            x.StatusCodeShouldBeOk();
        });
        var member = staff.Json().EnumerateArray().SingleOrDefault(m => m.Str("userId") == user);
        return member.ValueKind == System.Text.Json.JsonValueKind.Undefined ? 0 : member.GetProperty("openCases").GetInt32();
    }

    [Fact]
    public async Task Assigning_by_name_shows_the_assignee_and_answering_or_closing_lowers_their_load()
    {
        var advisor = f.As(Api.Flori, "advisor");
        await f.RegisterStaff(Api.Flori, "marta");
        Assert.Equal(0, await OpenCasesOf("marta"));
        var (answered, _) = await advisor.Classified("petition");
        var closed = await advisor.Open();

        var result = await advisor.Do(answered, "assign", new { assignee = "  marta  " });
        await advisor.Do(closed, "assign", new { assignee = "marta" });

        Assert.Equal("marta", result.Str("assignee"));
        Assert.Equal("marta", (await advisor.View(answered)).Str("assignee"));
        Assert.Equal("marta", (await advisor.View(closed)).Str("assignee"));
        Assert.Equal(2, await OpenCasesOf("marta"));

        await advisor.Do(answered, "respond", new { text = "Respuesta", channel = "email" });
        Assert.Equal(1, await OpenCasesOf("marta"));
        await advisor.Do(closed, "close", new { reason = "withdrawn" });
        Assert.Equal(0, await OpenCasesOf("marta"));

        // Reopening gives the unanswered case back to its assignee's load.
        await f.As(Api.Flori, "supervisor").Do(closed, "reopen", new { reason = "Volvió el ciudadano" });
        Assert.Equal(1, await OpenCasesOf("marta"));
    }

    [Fact]
    public async Task Reassigning_moves_the_case_from_one_load_to_the_other()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.Open();
        await f.RegisterStaff(Api.Flori, "jorge");
        await f.RegisterStaff(Api.Flori, "lucia");
        await advisor.Do(id, "assign", new { assignee = "jorge" });
        Assert.Equal(1, await OpenCasesOf("jorge"));

        Assert.Equal("lucia", (await advisor.Do(id, "assign", new { assignee = "lucia" })).Str("assignee"));

        Assert.Equal(0, await OpenCasesOf("jorge"));
        Assert.Equal(1, await OpenCasesOf("lucia"));
        Assert.Equal("lucia", (await advisor.View(id)).Str("assignee"));
    }

    [Fact]
    public async Task Assigning_to_whoever_has_it_already_appends_nothing()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.Open();
        await f.RegisterStaff(Api.Flori, "camilo");
        var first = await advisor.Do(id, "assign", new { assignee = "camilo" });
        var before = await f.Db.CountEventsAsync();

        var again = await advisor.Do(id, "assign", new { assignee = "camilo" });

        Assert.Equal(first.GetProperty("version").GetInt64(), again.GetProperty("version").GetInt64());
        Assert.Equal(before, await f.Db.CountEventsAsync());
        Assert.Equal(1, await OpenCasesOf("camilo"));
    }

    [Fact]
    public async Task Assigning_to_whoever_has_it_already_appends_nothing_however_the_name_is_spaced()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.Open();
        await f.RegisterStaff(Api.Flori, "rosa");
        var first = await advisor.Do(id, "assign", new { assignee = "rosa" });
        var before = await f.Db.CountEventsAsync();

        var again = await advisor.Do(id, "assign", new { assignee = " rosa " });

        Assert.Equal(first.GetProperty("version").GetInt64(), again.GetProperty("version").GetInt64());
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task Without_a_name_the_case_goes_to_the_present_staff_member_and_without_anyone_present_it_is_a_409()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.Open();
        var before = await f.Db.CountEventsAsync();
        await f.AssertRuleViolated(e => advisor.Command(id, "assign", new { }, expect: e), before, "no-staff");

        await f.As(Api.Flori, "advisor", "presente").Scenario(x =>
        {
            x.Put.Json(new { present = true }).ToUrl($"/api/{Api.Flori}/staff/me/presence");
            x.StatusCodeShouldBeOk();
        });

        Assert.Equal("presente", (await advisor.Do(id, "assign", new { })).Str("assignee"));
        Assert.Equal(1, await OpenCasesOf("presente"));
    }

    [Fact]
    public async Task Only_supervisors_and_admins_see_the_staffs_load()
    {
        await f.As(Api.Flori, "admin").Scenario(x =>
        {
            x.Get.Url($"/api/{Api.Flori}/staff");
            x.StatusCodeShouldBeOk();
        });
        await f.As(Api.Flori, "advisor").Scenario(x =>
        {
            x.Get.Url($"/api/{Api.Flori}/staff");
            x.ProblemShouldBe(HttpStatusCode.Forbidden);
        });
    }
}
