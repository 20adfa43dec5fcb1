using System.Net;

namespace Atencion.CaseService.Tests.Cases;

public sealed class GetCaseTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private static string Url(Guid id) => CaseScenarios.CaseUrl(id);

    [Fact]
    public async Task The_state_at_a_version_or_instant_is_folded_from_the_stream()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var opened = f.Time.GetUtcNow();
        var id = await advisor.CreateCase();
        f.Time.Advance(TimeSpan.FromHours(2));
        await advisor.GivenNote(id, "Llamó para ampliar");

        var atOne = await advisor.Scenario(x => x.Get.Url($"{Url(id)}?version=1"));
        Assert.Equal(1, atOne.ETag());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, atOne.Json().GetProperty("citizen").ValueKind);

        var beforeNote = (await advisor.Scenario(x => x.Get.Url($"{Url(id)}?asOf={Uri.EscapeDataString(opened.AddHours(1).ToString("O"))}"))).Json();
        Assert.Equal(2, beforeNote.GetProperty("version").GetInt64());
        Assert.Equal(0, beforeNote.GetProperty("notes").GetArrayLength());

        var now = (await advisor.Scenario(x => x.Get.Url(Url(id)))).Json();
        Assert.Equal(3, now.GetProperty("version").GetInt64());
        Assert.Equal("Llamó para ampliar", now.GetProperty("notes")[0].GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("?version=0", HttpStatusCode.BadRequest)]
    [InlineData("?version=abc", HttpStatusCode.BadRequest)]
    [InlineData("?asOf=yesterday", HttpStatusCode.BadRequest)]
    [InlineData("?version=1&asOf=2026-03-02T14:00:00Z", HttpStatusCode.BadRequest)]
    [InlineData("?version=99", HttpStatusCode.NotFound)]
    [InlineData("?asOf=2020-01-01T00:00:00Z", HttpStatusCode.NotFound)]
    public async Task Bad_or_impossible_points_in_time_are_problems(string query, HttpStatusCode status)
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        await advisor.Scenario(x =>
        {
            x.Get.Url(Url(id) + query);
            x.ProblemShouldBe(status);
        });
    }

    [Fact]
    public async Task An_unknown_case_is_a_404_problem() =>
        await f.As(Api.Flori, "advisor").Scenario(x =>
        {
            x.Get.Url(Url(Guid.NewGuid()));
            x.ProblemShouldBe(HttpStatusCode.NotFound);
        });

    [Fact]
    public async Task Another_entitys_case_is_invisible_even_with_a_valid_token_of_ones_own()
    {
        var id = await f.As(Api.Flori, "advisor").CreateCase();
        await f.As(Api.Tenjo, "advisor").Scenario(x =>
        {
            x.Get.Url(CaseScenarios.CaseUrl(id, Api.Tenjo));
            x.ProblemShouldBe(HttpStatusCode.NotFound);
        });
    }

    [Fact]
    public async Task A_malformed_case_id_is_not_a_route() =>
        await f.As(Api.Flori, "advisor").Scenario(x =>
        {
            x.Get.Url($"/api/{Api.Flori}/cases/not-a-guid");
            x.StatusCodeShouldBe(HttpStatusCode.NotFound);
        });

    [Theory]
    [InlineData("control", HttpStatusCode.Forbidden)]
    [InlineData("auditor", HttpStatusCode.OK)]
    [InlineData("specialist", HttpStatusCode.OK)]
    public async Task Who_may_read_a_case(string role, HttpStatusCode status)
    {
        var id = await f.As(Api.Flori, "advisor").CreateCase();
        await f.As(Api.Flori, role).Scenario(x =>
        {
            x.Get.Url(Url(id));
            if (status == HttpStatusCode.OK) x.StatusCodeShouldBe(status);
            else x.ProblemShouldBe(status);
        });
    }
}
