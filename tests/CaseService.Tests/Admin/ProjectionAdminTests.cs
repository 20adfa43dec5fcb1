using System.Net;
using Atencion.CaseService.Tests.Staff;
using Atencion.Projections.Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Admin;

public sealed class ProjectionAdminTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private Caller Admin => f.As("platform", "operator", "ops");

    [Fact]
    public async Task Admins_see_each_projection_with_its_state_checkpoint_and_lag_outside_any_tenant()
    {
        await f.As(Api.Flori, "advisor").CreateCase();
        await f.ProjectionsCaughtUpAsync();
        var head = await HeadSeqAsync();

        var response = await Admin.Scenario(x => { x.Get.Url("/api/admin/projections"); x.StatusCodeShouldBeOk(); });

        var search = response.Json().EnumerateArray().Single(p => p.GetProperty("name").GetString() == "case_search");
        Assert.Equal("running", search.GetProperty("state").GetString());
        Assert.Equal(f.Host.Services.GetRequiredService<AsyncProjections>().Node, search.GetProperty("node").GetString());
        Assert.Equal(head, search.GetProperty("checkpointSeq").GetInt64());
        Assert.Equal(0, search.GetProperty("lagEvents").GetInt64());
        Assert.Equal(0, search.GetProperty("lagSeconds").GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, search.GetProperty("lastError").ValueKind);
        var one = (await Admin.Scenario(x => x.Get.Url("/api/admin/projections/case_search"))).Json();
        Assert.Equal(head, one.GetProperty("checkpointSeq").GetInt64());
    }

    [Fact]
    public async Task Only_the_platform_operator_may_read_or_rebuild_projections()
    {
        await f.As(Api.Flori, "advisor").Scenario(x => { x.Get.Url("/api/admin/projections"); x.ProblemShouldBe(HttpStatusCode.Forbidden); });
        // An entity's admin runs that entity, not the platform: a rebuild affects every entity.
        var refused = (await f.As(Api.Flori, "admin").Scenario(x =>
        {
            x.Get.Url("/api/admin/projections");
            x.ProblemShouldBe(HttpStatusCode.Forbidden);
        })).Json();
        // The problem says what would have been accepted.
        Assert.Equal("This route takes the role operator; your token's role is admin.", refused.GetProperty("detail").GetString());
        Assert.Equal(["operator"], refused.GetProperty("allowedRoles").EnumerateArray().Select(r => r.GetString()));
        await f.As(Api.Flori, "admin").Scenario(x => { x.Post.Url("/api/admin/projections/case_search/rebuild"); x.ProblemShouldBe(HttpStatusCode.Forbidden); });
        await f.As(Api.Flori, "auditor").Scenario(x => { x.Post.Url("/api/admin/projections/case_search/rebuild"); x.ProblemShouldBe(HttpStatusCode.Forbidden); });
        var anonymous = await f.Anonymous().Scenario(x => { x.Get.Url("/api/admin/projections"); x.ProblemShouldBe(HttpStatusCode.Unauthorized); });
        Assert.Contains("Bearer", anonymous.Header("WWW-Authenticate"));
        Assert.Contains("bearer token", anonymous.Detail());
        // The operator sees no entity's data.
        // Even with a token naming the entity, the role opens none of its routes (one route per kind of reader).
        var operatorOfFlori = f.As(Api.Flori, "operator", "ops");
        foreach (var route in new[] { "cases", "staff", "indicators?from=2026-01-01&to=2026-01-31", "audit/cases", "jobs/upcoming" })
            await operatorOfFlori.Scenario(x => { x.Get.Url($"/api/{Api.Flori}/{route}"); x.ProblemShouldBe(HttpStatusCode.Forbidden); });
        // "admin" is no tenant: tenant routes under it find no entity.
        await f.As(Api.Flori, "advisor").Scenario(x => { x.Get.Url("/api/admin/cases"); x.ProblemShouldBe(HttpStatusCode.NotFound); });
    }

    [Theory]
    [InlineData("no_such_projection")]
    [InlineData("CASE_SEARCH")]
    [InlineData("case_search;drop")]
    public async Task Rebuilding_an_unknown_projection_is_a_404_that_names_the_known_ones_and_changes_nothing(string name)
    {
        var events = await f.Db.CountEventsAsync();
        var before = (await Admin.Scenario(x => x.Get.Url("/api/admin/projections"))).ReadAsText();

        // A scenario's path is the decoded one the server would see after the client escaped the name (case_search;drop).
        var problem = (await Admin.Scenario(x =>
        {
            x.Post.Url($"/api/admin/projections/{name}/rebuild");
            x.ProblemShouldBe(HttpStatusCode.NotFound);
        })).Json();

        Assert.Contains("case_search", problem.GetProperty("detail").GetString());
        Assert.Equal(events, await f.Db.CountEventsAsync());
        var rows = await f.Host.Services.GetRequiredService<AsyncProjections>().StatusAsync(default);
        Assert.All(rows, r => Assert.Null(r.RebuildRequestedAt));
        await Admin.Scenario(x => { x.Get.Url($"/api/admin/projections/{name}"); x.ProblemShouldBe(HttpStatusCode.NotFound); });
        Assert.NotNull(before);
    }

    [Fact]
    public async Task A_rebuild_is_accepted_and_swapped_in_when_caught_up_while_the_list_keeps_answering()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        await f.ProjectionsCaughtUpAsync();

        var response = await Admin.Scenario(x =>
        {
            x.Post.Url("/api/admin/projections/case_search/rebuild");
            x.StatusCodeShouldBe(HttpStatusCode.Accepted);
        });

        Assert.Equal("/api/admin/projections/case_search", response.Header("Location"));
        Assert.NotEqual(JsonNull, response.Json().GetProperty("rebuildRequestedAt").ValueKind);
        var daemon = f.Host.Services.GetRequiredService<AsyncProjections>();
        var status = await ProjectionFaultTests.StatusUntil(daemon, "case_search", s => s.LastRebuiltAt is not null && s.RebuildRequestedAt is null);
        Assert.Equal("running", status.State);
        Assert.Equal(await HeadSeqAsync(), status.CheckpointSeq);
        Assert.Contains(id, (await advisor.CasePage(Api.Flori)).Ids());
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;

    private async Task<long> HeadSeqAsync()
    {
        await using var conn = new Npgsql.NpgsqlConnection(f.Db.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("select seq_id from atencion_es.event_hashes order by tx_id desc, seq_id desc limit 1", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
