using Atencion.CaseService.Tests.Lifecycle;

namespace Atencion.CaseService.Tests.Staff;

public sealed class OverdueListTests(CaseListFixture f) : IClassFixture<CaseListFixture>
{
    private async Task<string[]> Overdue(bool overdue)
    {
        var page = (await f.As(CaseListFixture.Tenant, "supervisor").Scenario(x =>
        {
            x.Get.Url($"/api/{CaseListFixture.Tenant}/cases?overdue={(overdue ? "true" : "false")}");
            x.StatusCodeShouldBeOk();
        })).Json();
        var byId = f.Cases.ToDictionary(c => c.Value, c => c.Key);
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.All(items, i => Assert.Equal(overdue, i.GetProperty("overdue").GetBoolean()));
        Assert.Equal(items.Count, page.GetProperty("total").GetInt64());
        return items.Select(i => byId[i.GetProperty("id").GetGuid()]).ToArray();
    }

    private void SetBogotaDate(int month, int day) => f.Time.SetUtcNow(new DateTimeOffset(2026, month, day, 14, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Running_cases_past_their_due_date_are_overdue_from_the_next_day()
    {
        Assert.Empty(await Overdue(true));

        SetBogotaDate(3, 16); // Carlos's due date: still on time
        Assert.Empty(await Overdue(true));

        SetBogotaDate(3, 17);
        Assert.Equal(["Carlos"], await Overdue(true));

        SetBogotaDate(3, 20); // past 19 March: Jorge, never classified, ran the general term's provisional due date
        Assert.Equal(["Carlos", "Jorge"], await Overdue(true));

        SetBogotaDate(3, 25); // past 24 March too; Elena's was answered, Maria's runs to 16 April
        Assert.Equal(["Carlos", "Jorge", "Luz", "Fabio"], await Overdue(true));
        Assert.Equal(["Maria", "Elena"], await Overdue(false));

        var carlos = await f.As(CaseListFixture.Tenant, "advisor").View(f.Cases["Carlos"], CaseListFixture.Tenant);
        Assert.True(carlos.GetProperty("overdue").GetBoolean());
        Assert.Equal(-6, carlos.GetProperty("daysLeft").GetInt32()); // six business days late: 17–20, 24 and 25 March (23 is San José)
    }
}
