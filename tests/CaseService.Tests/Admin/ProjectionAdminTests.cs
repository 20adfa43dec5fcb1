using System.Net;
using Atencion.Projections.Daemon;
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

        var response = await Admin.GetAsync("/api/admin/projections");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var search = (await response.Body()).EnumerateArray().Single(p => p.GetProperty("name").GetString() == "case_search");
        Assert.Equal("running", search.GetProperty("state").GetString());
        Assert.Equal(f.Host.Services.GetRequiredService<ProjectionDaemon>().Node, search.GetProperty("node").GetString());
        Assert.Equal(head, search.GetProperty("checkpointSeq").GetInt64());
        Assert.Equal(0, search.GetProperty("lagEvents").GetInt64());
        Assert.Equal(0, search.GetProperty("lagSeconds").GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, search.GetProperty("lastError").ValueKind);
        var one = await (await Admin.GetAsync("/api/admin/projections/case_search")).Body();
        Assert.Equal(head, one.GetProperty("checkpointSeq").GetInt64());
    }

    [Fact]
    public async Task Only_the_platform_operator_may_read_or_rebuild_projections()
    {
        await (await f.As(Api.Flori, "advisor").GetAsync("/api/admin/projections")).AssertProblem(HttpStatusCode.Forbidden);
        // An entity's admin runs that entity, not the platform: a rebuild affects every entity.
        var refused = await (await f.As(Api.Flori, "admin").GetAsync("/api/admin/projections")).AssertProblem(HttpStatusCode.Forbidden);
        // The problem says what would have been accepted.
        Assert.Equal("This route takes the role operator; your token's role is admin.", refused.GetProperty("detail").GetString());
        Assert.Equal(["operator"], refused.GetProperty("allowedRoles").EnumerateArray().Select(r => r.GetString()));
        await (await f.As(Api.Flori, "admin").PostAsync("/api/admin/projections/case_search/rebuild", null)).AssertProblem(HttpStatusCode.Forbidden);
        await (await f.As(Api.Flori, "auditor").PostAsync("/api/admin/projections/case_search/rebuild", null)).AssertProblem(HttpStatusCode.Forbidden);
        var anonymous = await f.Anonymous().GetAsync("/api/admin/projections");
        Assert.Contains("Bearer", anonymous.Headers.WwwAuthenticate.ToString());
        Assert.Contains("bearer token", (await anonymous.AssertProblem(HttpStatusCode.Unauthorized)).GetProperty("detail").GetString());
        // The operator sees no entity's data.
        // Even with a token naming the entity, the role opens none of its routes (one route per kind of reader).
        var operatorOfFlori = f.As(Api.Flori, "operator", "ops");
        foreach (var route in new[] { "cases", "staff", "indicators?from=2026-01-01&to=2026-01-31", "audit/cases", "jobs/upcoming" })
            await (await operatorOfFlori.GetAsync($"/api/{Api.Flori}/{route}")).AssertProblem(HttpStatusCode.Forbidden);
        // "admin" is no tenant: tenant routes under it find no entity.
        await (await f.As(Api.Flori, "advisor").GetAsync("/api/admin/cases")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("no_such_projection")]
    [InlineData("CASE_SEARCH")]
    [InlineData("case_search;drop")]
    public async Task Rebuilding_an_unknown_projection_is_a_404_that_names_the_known_ones_and_changes_nothing(string name)
    {
        var events = await f.Db.CountEventsAsync();
        var before = await (await Admin.GetAsync("/api/admin/projections")).Content.ReadAsStringAsync();

        var problem = await (await Admin.PostAsync($"/api/admin/projections/{Uri.EscapeDataString(name)}/rebuild", null)).AssertProblem(HttpStatusCode.NotFound);

        Assert.Contains("case_search", problem.GetProperty("detail").GetString());
        Assert.Equal(events, await f.Db.CountEventsAsync());
        var rows = await f.Host.Services.GetRequiredService<ProjectionDaemon>().StatusAsync(default);
        Assert.All(rows, r => Assert.Null(r.RebuildRequestedAt));
        await (await Admin.GetAsync($"/api/admin/projections/{Uri.EscapeDataString(name)}")).AssertProblem(HttpStatusCode.NotFound);
        Assert.NotNull(before);
    }

    [Fact]
    public async Task A_rebuild_is_accepted_and_swapped_in_when_caught_up_while_the_list_keeps_answering()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        await f.ProjectionsCaughtUpAsync();

        var response = await Admin.PostAsync("/api/admin/projections/case_search/rebuild", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("/api/admin/projections/case_search", response.Headers.Location?.ToString());
        Assert.NotEqual(JsonNull, (await response.Body()).GetProperty("rebuildRequestedAt").ValueKind);
        var daemon = f.Host.Services.GetRequiredService<ProjectionDaemon>();
        var status = await ProjectionFaultTests.StatusUntil(daemon, "case_search", s => s.LastRebuiltAt is not null && s.RebuildRequestedAt is null);
        Assert.Equal("running", status.State);
        Assert.Equal(await HeadSeqAsync(), status.CheckpointSeq);
        var list = await (await advisor.GetAsync($"/api/{Api.Flori}/cases")).Body();
        Assert.Contains(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == id);
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;

    private async Task<long> HeadSeqAsync()
    {
        await using var conn = new Npgsql.NpgsqlConnection(f.Db.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("select seq from atencion.events order by tx_id desc, seq desc limit 1", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
