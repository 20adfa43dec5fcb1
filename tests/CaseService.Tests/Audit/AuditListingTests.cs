using Atencion.CaseService.Tests.Lifecycle;

namespace Atencion.CaseService.Tests.Audit;

/// <summary>The auditor's listing: the cases opened in a period with their event counts and whether their hash chains verify.</summary>
public sealed class AuditListingTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string T = Api.Tenjo;

    [Fact]
    public async Task Lists_cases_with_their_event_counts_and_names_the_one_edited_behind_the_services_back()
    {
        var advisor = f.As(T, "advisor", "asesor");
        var untouched = await advisor.CreateCase(T);
        var edited = await advisor.CreateCase(T);
        await advisor.GivenNote(edited, "nota original", T);
        await f.Db.TamperAsync($"""
            update atencion_es.mt_events set data = jsonb_set(data, '{"{text}"}', '"nota alterada"') where stream_id = '{edited}' and version = 3;
            """);
        var today = f.Today();

        var page = await f.As(T, "auditor", "contralora").AuditedCases(T, today, today);
        var items = page.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("caseId").GetGuid());
        Assert.True(items[untouched].GetProperty("integrity").GetProperty("valid").GetBoolean());
        Assert.Equal(2, items[untouched].GetProperty("integrity").GetProperty("events").GetInt32());
        var broken = items[edited].GetProperty("integrity");
        Assert.False(broken.GetProperty("valid").GetBoolean());
        Assert.Equal(3, broken.GetProperty("firstInvalidVersion").GetInt64());
        Assert.Equal(3, items[edited].GetProperty("version").GetInt64());
        Assert.True(page.GetProperty("invalid").GetInt32() >= 1);
    }

    [Fact]
    public async Task A_case_whose_stream_head_was_deleted_stays_listed_and_is_reported_as_tampered()
    {
        var advisor = f.As(T, "advisor", "asesor");
        var id = await advisor.CreateCase(T);
        await f.Db.ExecAsAdminAsync($"set session_replication_role = replica; delete from atencion_es.mt_streams where id = '{id}'; delete from atencion_es.stream_heads where stream_id = '{id}';");
        var today = f.Today();

        var page = await f.As(T, "auditor", "contralora").AuditedCases(T, today, today, "&pageSize=100");
        var item = page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("caseId").GetGuid() == id);
        Assert.False(item.GetProperty("integrity").GetProperty("valid").GetBoolean());
        Assert.Contains("head", item.GetProperty("integrity").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Pages_are_bounded_and_say_how_many_cases_there_are()
    {
        var advisor = f.As(T, "advisor", "asesor");
        var day = f.NextBusinessMorning();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await advisor.CreateCase(T));
            f.Time.Advance(TimeSpan.FromMinutes(1));
        }
        var auditor = f.As(T, "auditor");
        var first = await auditor.AuditedCases(T, day, day, "&pageSize=2");
        var second = await auditor.AuditedCases(T, day, day, "&pageSize=2&page=2");
        var beyond = await auditor.AuditedCases(T, day, day, "&pageSize=2&page=5");

        Assert.Equal(3, first.GetProperty("total").GetInt64());
        Assert.Equal(ids.Take(2), first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("caseId").GetGuid()));
        Assert.Equal(ids.Skip(2), second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("caseId").GetGuid()));
        Assert.Equal(0, beyond.GetProperty("items").GetArrayLength());
        Assert.Equal(3, beyond.GetProperty("total").GetInt64());
    }
}
