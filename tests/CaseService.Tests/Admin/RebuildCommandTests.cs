using Atencion.CaseService.Tests.Staff;
using Atencion.Projections.Marten;
using Atencion.CaseService.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Admin;

public sealed class RebuildCommandTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private string[] Host => [$"--ATENCION_DB={f.Db.AppConnectionString}", $"--ATENCION_DB_ADMIN={f.Db.AdminConnectionString}", $"--Integrity:ChainKey={f.ChainKey}"];

    [Fact]
    public async Task The_rebuild_verb_returns_once_the_rebuilt_projection_is_swapped_in_even_when_a_serving_node_runs_it()
    {
        var id = await f.As(Api.Flori, "advisor").CreateCase();
        await f.ProjectionsCaughtUpAsync();

        var exit = await ProjectionsCommand.RunAsync(["rebuild", "case_search", .. Host]);

        Assert.Equal(0, exit);
        var status = (await f.Host.Services.GetRequiredService<AsyncProjections>().StatusAsync(default)).Single(s => s.Name == "case_search");
        Assert.NotNull(status.LastRebuiltAt);
        Assert.Null(status.RebuildRequestedAt);
        Assert.Contains(id, (await f.As(Api.Flori, "advisor").CasePage(Api.Flori)).Ids());
    }

    [Theory]
    [InlineData("rebuild", "no_such_projection")]
    [InlineData("rebuild", "case_search", "extra")]
    [InlineData("restart")]
    public async Task The_rebuild_verb_refuses_unknown_projections_and_usage_errors_without_requesting_anything(params string[] args)
    {
        Assert.Equal(2, await ProjectionsCommand.RunAsync([.. args, .. Host]));

        Assert.All(await f.Host.Services.GetRequiredService<AsyncProjections>().StatusAsync(default), s => Assert.Null(s.RebuildRequestedAt));
    }
}
