using System.Net;
using System.Text.Json;

namespace Atencion.CaseService.Tests.Staff;

public sealed class CaseListTests(CaseListFixture f) : IClassFixture<CaseListFixture>
{
    private const string Tenant = CaseListFixture.Tenant;

    /// <summary>A page of the list as a member of staff with the role reads it (it must answer 200).</summary>
    private Task<JsonElement> List(string query = "", string role = "advisor") => f.As(Tenant, role).CasePage(Tenant, query);

    /// <summary>The seeded cases a page lists, in order, by their keys.</summary>
    private string[] Names(JsonElement page)
    {
        var byId = f.Cases.ToDictionary(c => c.Value, c => c.Key);
        return page.GetProperty("items").EnumerateArray().Select(i => byId.GetValueOrDefault(i.GetProperty("id").GetGuid(), "?")).ToArray();
    }

    [Fact]
    public async Task By_default_priority_cases_come_first_then_the_nearest_due_date_provisional_ones_included()
    {
        var page = await List();

        Assert.Equal(["Maria", "Carlos", "Jorge", "Luz", "Elena", "Fabio"], Names(page));
        Assert.Equal(6, page.GetProperty("total").GetInt64());
        Assert.Equal(1, page.GetProperty("page").GetInt32());
        Assert.Equal(50, page.GetProperty("pageSize").GetInt32());
    }

    [Fact]
    public async Task Each_row_shows_what_the_console_needs()
    {
        var items = (await List()).GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetGuid());

        var luz = items[f.Cases["Luz"]];
        Assert.Equal(f.Radicados["Luz"], luz.GetProperty("radicado").GetString());
        Assert.Equal("in-progress", luz.GetProperty("status").GetString());
        Assert.Equal("petition", luz.GetProperty("type").GetString());
        Assert.Equal("web", luz.GetProperty("channel").GetString());
        Assert.Equal("Luz Marina Rueda", luz.GetProperty("citizenName").GetString());
        Assert.Equal("Solicitud de Luz Marina Rueda", luz.GetProperty("subject").GetString());
        Assert.Equal("2026-03-24", luz.GetProperty("dueDate").GetString());
        Assert.Equal(15, luz.GetProperty("daysLeft").GetInt32()); // Monday 2 March, 15 business days before the due date
        Assert.False(luz.GetProperty("overdue").GetBoolean());
        Assert.False(luz.GetProperty("priority").GetBoolean());

        Assert.True(items[f.Cases["Maria"]].GetProperty("priority").GetBoolean());
        Assert.Equal("sofia", items[f.Cases["Fabio"]].GetProperty("assignee").GetString());
        Assert.Equal("asesoria-juridica", items[f.Cases["Fabio"]].GetProperty("topic").GetString());
        var jorge = items[f.Cases["Jorge"]];
        Assert.Equal("open", jorge.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, jorge.GetProperty("radicado").ValueKind);
        // Not classified: the general term runs from receipt, 15 business days after Thursday 26 February.
        Assert.Equal("2026-03-19", jorge.GetProperty("dueDate").GetString());
        Assert.True(jorge.GetProperty("dueDateProvisional").GetBoolean());
        Assert.Equal(13, jorge.GetProperty("daysLeft").GetInt32());
        Assert.False(luz.GetProperty("dueDateProvisional").GetBoolean());
        Assert.Equal(new DateTimeOffset(2026, 2, 26, 15, 0, 0, TimeSpan.Zero), jorge.GetProperty("receivedAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, items[f.Cases["Elena"]].GetProperty("daysLeft").ValueKind); // answered: no running term
    }

    [Theory]
    [InlineData("topic=asesoria-juridica", new[] { "Carlos", "Fabio" })]
    [InlineData("topic=asesoria-juridica&assignee=sofia", new[] { "Fabio" })]
    [InlineData("assignee=sofia", new[] { "Elena", "Fabio" })]
    [InlineData("assignee=nadie", new string[0])]
    [InlineData("q=Marina", new[] { "Luz" })]
    [InlineData("q=marina", new[] { "Luz" })]
    [InlineData("q=Castro", new[] { "Fabio" })]
    [InlineData("q=912345", new[] { "Carlos" })]
    [InlineData("q=5200", new[] { "Elena" })]
    [InlineData("q=Nadie", new string[0])]
    [InlineData("from=2026-03-01T00:00:00Z", new[] { "Maria", "Carlos", "Luz", "Elena", "Fabio" })]
    [InlineData("to=2026-02-28T00:00:00Z", new[] { "Jorge" })]
    [InlineData("from=2026-02-26T00:00:00Z&to=2026-02-27T00:00:00Z", new[] { "Jorge" })]
    [InlineData("from=2026-02-26T15:00:00Z&to=2026-02-26T15:00:00Z", new[] { "Jorge" })]
    [InlineData("overdue=true", new string[0])]
    [InlineData("overdue=false", new[] { "Maria", "Carlos", "Jorge", "Luz", "Elena", "Fabio" })]
    public async Task Filters_narrow_the_list_and_combine(string query, string[] expected)
    {
        var page = await List(query);

        Assert.Equal(expected, Names(page));
        Assert.Equal(expected.Length, page.GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("status=in-progress", new[] { "Maria", "Carlos", "Luz", "Fabio" })]
    [InlineData("status=answered", new[] { "Elena" })]
    [InlineData("status=open", new[] { "Jorge" })]
    [InlineData("type=information-request", new[] { "Carlos" })]
    [InlineData("type=petition", new[] { "Luz", "Fabio" })]
    [InlineData("channel=web", new[] { "Luz", "Elena" })]
    [InlineData("channel=in-person", new[] { "Jorge" })]
    [InlineData("status=in-progress&assignee=sofia", new[] { "Fabio" })]
    [InlineData("status=in-progress&type=petition&topic=asesoria-juridica&channel=phone", new[] { "Fabio" })]
    public async Task Status_type_and_channel_filters_take_the_values_the_api_shows(string query, string[] expected) =>
        await Filters_narrow_the_list_and_combine(query, expected);

    [Fact]
    public async Task The_radicado_finds_its_case_by_filter_or_exactly_in_the_search_box()
    {
        var radicado = f.Radicados["Elena"];

        Assert.Equal(["Elena"], Names(await List($"radicado={radicado}")));
        Assert.Equal(["Elena"], Names(await List($"q={radicado}")));
        Assert.Empty(Names(await List($"q={radicado[..^1]}")));
        Assert.Empty(Names(await List("radicado=2026-999999")));
    }

    [Fact]
    public async Task Pages_follow_the_order_and_tell_the_total()
    {
        var pages = new List<string>();
        foreach (var number in new[] { 1, 2, 3 })
        {
            var page = await List($"page={number}&pageSize=2");
            Assert.Equal(number, page.GetProperty("page").GetInt32());
            Assert.Equal(2, page.GetProperty("pageSize").GetInt32());
            Assert.Equal(6, page.GetProperty("total").GetInt64());
            pages.AddRange(Names(page));
        }
        Assert.Equal(["Maria", "Carlos", "Jorge", "Luz", "Elena", "Fabio"], pages);
    }

    [Fact]
    public async Task A_page_past_the_end_is_empty_but_still_tells_the_total()
    {
        var page = await List("page=4&pageSize=2");

        Assert.Empty(page.GetProperty("items").EnumerateArray());
        Assert.Equal(6, page.GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("opened", new[] { "Luz", "Carlos", "Maria", "Jorge", "Elena", "Fabio" })]
    [InlineData("-opened", new[] { "Fabio", "Elena", "Jorge", "Maria", "Carlos", "Luz" })]
    [InlineData("-due", new[] { "Maria", "Fabio", "Elena", "Luz", "Jorge", "Carlos" })]
    [InlineData("due", new[] { "Maria", "Carlos", "Jorge", "Luz", "Elena", "Fabio" })]
    public async Task Other_orders_can_be_asked_for(string sort, string[] expected) =>
        Assert.Equal(expected, Names(await List($"sort={sort}")));

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=-3", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=500", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("sort=bogus", "sort")]
    [InlineData("from=2026-03-05T00:00:00Z&to=2026-03-01T00:00:00Z", "from")]
    [InlineData("status=bogus", "")]
    [InlineData("type=queja", "")]
    [InlineData("channel=fax", "")]
    [InlineData("overdue=maybe", "")]
    [InlineData("page=uno", "")]
    [InlineData("from=ayer", "")]
    public async Task Bad_query_values_are_a_400_problem(string query, string field)
    {
        var problem = (await f.As(Tenant, "advisor").Scenario(x =>
        {
            x.Get.Url($"/api/{Tenant}/cases?{query}");
            x.ProblemShouldBe(HttpStatusCode.BadRequest);
        })).Json();

        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        if (field.Length > 0) Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("advisor")]
    [InlineData("specialist")]
    [InlineData("supervisor")]
    [InlineData("auditor")]
    [InlineData("admin")]
    public async Task Staff_who_read_cases_see_the_list(string role) =>
        Assert.Equal(6, (await List(role: role)).GetProperty("total").GetInt64());

    [Fact]
    public async Task Control_bodies_and_anonymous_callers_do_not_see_the_list()
    {
        await f.As(Tenant, "control").Scenario(x => { x.Get.Url($"/api/{Tenant}/cases"); x.ProblemShouldBe(HttpStatusCode.Forbidden); });
        await f.Anonymous().Scenario(x => { x.Get.Url($"/api/{Tenant}/cases"); x.ProblemShouldBe(HttpStatusCode.Unauthorized); });
    }

    [Fact]
    public async Task Each_entity_lists_only_its_own_cases()
    {
        Assert.Equal(["Luz"], Names(await List("q=Luz Marina")));
        var tenjo = await f.As(Api.Tenjo, "advisor").CasePage(Api.Tenjo);
        Assert.Equal([f.TenjoCase], tenjo.Ids());
        Assert.Equal(1, tenjo.GetProperty("total").GetInt64());
        await f.As(Api.Tenjo, "advisor").Scenario(x => { x.Get.Url($"/api/{Tenant}/cases"); x.ProblemShouldBe(HttpStatusCode.NotFound); });
    }
}
