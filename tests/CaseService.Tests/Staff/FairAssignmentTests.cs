using System.Net;
using static Atencion.CaseService.Tests.Staff.StaffApi;

namespace Atencion.CaseService.Tests.Staff;

public sealed class FairAssignmentTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task Fifty_simultaneous_automatic_assignments_give_five_equally_skilled_people_ten_cases_each()
    {
        var people = Enumerable.Range(1, 5).Select(i => $"tecnico-{i}").ToArray();
        foreach (var person in people)
            await f.GivenPresentStaff(Faca, person, "technician");
        var cases = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => f.FiledCase(Faca, "rues")));

        // All fifty run to the end before any answer is judged.
        var answers = await Task.WhenAll(cases.Select(id => f.AssignAutomatically(Faca, id, x => x.IgnoreStatusCode())));

        foreach (var answer in answers)
            Assert.True(answer.Status() == (int)HttpStatusCode.OK, $"{answer.Status()}: {answer.ReadAsText()}");
        var staff = await f.StaffList(Faca);
        Assert.All(people, p => Assert.Equal(10, staff[p].GetProperty("openCases").GetInt32()));
        var assignees = await Task.WhenAll(cases.Select(id => f.AssigneeOf(Faca, id)));
        Assert.Equal(people.Select(p => (p, 10)), assignees.GroupBy(a => a).Select(g => (g.Key!, g.Count())).OrderBy(g => g.Item1));
        await f.ProjectionsCaughtUpAsync();
        var listed = await f.As(Faca, "supervisor").CasePage(Faca, "assignee=tecnico-3&pageSize=50");
        Assert.Equal(10, listed.GetProperty("total").GetInt64());
    }
}
