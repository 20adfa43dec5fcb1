using System.Net;
using System.Text.Json;

namespace Atencion.CaseService.Tests.Admin;

/// <summary><c>GET /api/admin/dead-letters</c>: the platform operator's only, with its limit checked (the listing with real dead letters is in EmailFailureTests).</summary>
public sealed class DeadLetterEndpointTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string Route = "/api/admin/dead-letters";

    [Fact]
    public async Task The_operator_reads_an_empty_list_when_nothing_failed()
    {
        var letters = (await f.As("platform", "operator", "ops").Scenario(x => { x.Get.Url(Route); x.StatusCodeShouldBeOk(); })).Json();
        Assert.Equal(JsonValueKind.Array, letters.ValueKind);
        Assert.Empty(letters.EnumerateArray());
    }

    [Fact]
    public async Task Only_the_platform_operator_may_read_them()
    {
        foreach (var role in new[] { "advisor", "supervisor", "admin", "auditor" })
            await f.As(Api.Flori, role).Scenario(x => { x.Get.Url(Route); x.ProblemShouldBe(HttpStatusCode.Forbidden); });
        var anonymous = await f.Anonymous().Scenario(x => { x.Get.Url(Route); x.ProblemShouldBe(HttpStatusCode.Unauthorized); });
        Assert.Contains("Bearer", anonymous.Header("WWW-Authenticate"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("501")]
    [InlineData("many")]
    public async Task A_limit_outside_1_to_500_is_a_problem_naming_it(string limit)
    {
        var problem = (await f.As("platform", "operator", "ops").Scenario(x =>
        {
            x.Get.Url($"{Route}?limit={limit}");
            x.ProblemShouldBe(HttpStatusCode.BadRequest);
        })).Json();
        Assert.Contains("limit", problem.GetRawText());
    }
}
