using System.Net;
using Atencion.CaseService.Tests.Lifecycle;

namespace Atencion.CaseService.Tests.Http;

/// <summary>
/// docs/api.md, "Paging": every paged route takes any page from 1 to 2,147,483,647; a page past the end is an empty page
/// that still says how many there are, never a 500 from an offset that overflowed.
/// </summary>
public sealed class PageBoundsTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string T = Api.Tenjo;
    private const int LastPage = int.MaxValue;

    private async Task<JsonPage> GetPage(string role, string url)
    {
        var response = await f.As(T, role).Scenario(x =>
        {
            x.Get.Url($"/api/{T}/{url}");
            x.StatusCodeShouldBeOk();
        });
        return new JsonPage(response.Json());
    }

    private sealed record JsonPage(System.Text.Json.JsonElement Body)
    {
        public int Items(string name) => Body.GetProperty(name).GetArrayLength();
        public long Total => Body.GetProperty("total").GetInt64();
        public int Page => Body.GetProperty("page").GetInt32();
    }

    [Fact]
    public async Task The_case_list_answers_the_largest_page_with_no_items_and_the_total()
    {
        await f.As(T, "advisor").CreateCase(T);
        await f.ProjectionsCaughtUpAsync();

        var page = await GetPage("advisor", $"cases?page={LastPage}&pageSize=200");

        Assert.Equal(0, page.Items("items"));
        Assert.Equal(LastPage, page.Page);
        Assert.True(page.Total >= 1, page.Body.ToString());
    }

    [Fact]
    public async Task The_audit_listing_answers_the_largest_page_with_no_items_and_the_total()
    {
        await f.As(T, "advisor").CreateCase(T);
        var today = f.Today();

        var page = await GetPage("auditor", $"audit/cases?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}&page={LastPage}&pageSize=100");

        Assert.Equal(0, page.Items("items"));
        Assert.Equal(LastPage, page.Page);
        Assert.True(page.Total >= 1, page.Body.ToString());
    }

    [Fact]
    public async Task The_contact_register_answers_the_largest_page_with_no_contacts_and_the_total()
    {
        await f.As(T, "advisor").CreateCase(T);
        await f.ProjectionsCaughtUpAsync();
        var today = f.Today();

        var page = await GetPage("control", $"reports/contacts?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}&page={LastPage}&pageSize=5000");

        Assert.Equal(0, page.Items("contacts"));
        Assert.Equal(LastPage, page.Page);
        Assert.True(page.Total >= 1, page.Body.ToString());
    }

    [Theory]
    [InlineData("advisor", "cases?page=2147483648")]
    [InlineData("advisor", "cases?page=0")]
    [InlineData("auditor", "audit/cases?from=2026-03-01&to=2026-03-31&page=99999999999")]
    [InlineData("auditor", "audit/cases?from=2026-03-01&to=2026-03-31&page=-1")]
    [InlineData("control", "reports/contacts?from=2026-03-01&to=2026-03-31&page=2147483648")]
    [InlineData("control", "reports/contacts?from=2026-03-01&to=2026-03-31&page=0")]
    public async Task A_page_out_of_bounds_is_a_400_problem_naming_page(string role, string url)
    {
        var problem = (await f.As(T, role).Scenario(x =>
        {
            x.Get.Url($"/api/{T}/{url}");
            x.ProblemShouldBe(HttpStatusCode.BadRequest);
        })).Json();

        Assert.Contains("page", problem.GetProperty("detail").GetString());
    }
}
