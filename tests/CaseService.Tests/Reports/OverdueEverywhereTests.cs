using System.Text.Json;
using Atencion.CaseService.Tests.Lifecycle;

namespace Atencion.CaseService.Tests.Reports;

/// <summary>
/// One definition of "overdue" (docs/pqrsd.md): a matter that is not the entity's competence, left unreferred past its
/// 5-business-day referral term, is overdue while its answer's term still runs — in the case view, in the list's rows and
/// its <c>overdue</c> filter, in the indicator <c>openOverdueNow</c> and in the month's overdue count — and referring it
/// takes it out of the figures of "now".
/// </summary>
public sealed class OverdueEverywhereTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string Tenant = Api.Flori;

    private async Task<JsonElement> Get(string url, string role = "supervisor")
    {
        await f.ProjectionsCaughtUpAsync();
        return (await f.As(Tenant, role, "jefa").Report(url, expect: x => x.StatusCodeShouldBeOk(), tenant: Tenant)).Json();
    }

    private async Task<Dictionary<Guid, bool>> Listed(bool overdue) =>
        (await Get($"cases?overdue={(overdue ? "true" : "false")}&pageSize=200")).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("id").GetGuid(), i => i.GetProperty("overdue").GetBoolean());

    private async Task<int> OpenOverdueNow() =>
        (await Get("indicators?from=2026-03-01&to=2026-03-31", "control")).GetProperty("openOverdueNow").GetInt32();

    private async Task<(int Total, int Petitions)> MonthOverdue()
    {
        var statistics = (await Get("reports/pqrsd?month=2026-03", "control")).GetProperty("statistics");
        var petitions = statistics.GetProperty("byType").EnumerateArray().FirstOrDefault(t => t.GetProperty("key").GetString() == "petition");
        return (statistics.GetProperty("totals").GetProperty("overdue").GetInt32(),
            petitions.ValueKind == JsonValueKind.Undefined ? 0 : petitions.GetProperty("overdue").GetInt32());
    }

    [Fact]
    public async Task An_unreferred_matter_of_another_entity_is_overdue_everywhere_once_its_referral_term_passed_until_it_is_referred()
    {
        var specialist = f.As(Tenant, "specialist", "pedro");
        f.NextBusinessMorning();
        var notOurs = await specialist.Open();
        await specialist.Do(notOurs, "classify", new { type = "petition", competent = false });
        var (ours, _) = await specialist.Classified("petition"); // competent, its term runs: never overdue here
        var referralDue = (await specialist.View(notOurs)).Date("referralDueDate")!.Value;

        // The referral term's last day: nothing is overdue yet.
        f.AdvanceTo(referralDue);
        Assert.False((await specialist.View(notOurs)).GetProperty("overdue").GetBoolean());
        Assert.False((await Listed(false))[notOurs]);
        Assert.DoesNotContain(notOurs, (await Listed(true)).Keys);
        Assert.Equal(0, await OpenOverdueNow());
        Assert.Equal((0, 0), await MonthOverdue());

        // The next business day the referral term has passed; the answer's term (its due date) still runs.
        f.NextBusinessMorning();
        var view = await specialist.View(notOurs);
        Assert.Equal("in-progress", view.Str("status"));
        Assert.True(view.GetProperty("daysLeft").GetInt32() > 0, "the answer's due date is still ahead");
        Assert.True(view.GetProperty("overdue").GetBoolean());
        var overdue = await Listed(true);
        Assert.True(overdue[notOurs]);
        Assert.DoesNotContain(ours, overdue.Keys);
        var notOverdue = await Listed(false);
        Assert.DoesNotContain(notOurs, notOverdue.Keys);
        Assert.False(notOverdue[ours]);
        Assert.Equal(1, await OpenOverdueNow());
        Assert.Equal((1, 1), await MonthOverdue());

        // Referring it (late) ends it: out of the list's overdue cases and of openOverdueNow; the month still counts the
        // referral term it missed, as it counts an answer given late.
        await specialist.Do(notOurs, "refer", new { entity = "Superintendencia de Industria y Comercio", reason = "Protección al consumidor." });
        Assert.False((await specialist.View(notOurs)).GetProperty("overdue").GetBoolean());
        Assert.DoesNotContain(notOurs, (await Listed(true)).Keys);
        Assert.False((await Listed(false))[notOurs]);
        Assert.Equal(0, await OpenOverdueNow());
        Assert.Equal((1, 1), await MonthOverdue());
    }
}
