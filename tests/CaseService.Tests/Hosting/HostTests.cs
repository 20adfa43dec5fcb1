using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Hosting;

public sealed class HostTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    /// <summary>The readiness report, whatever its status (a degraded or unhealthy report may answer 503).</summary>
    private Task<IScenarioResult> Readiness() => f.Anonymous().Scenario(x =>
    {
        x.Get.Url("/health/ready");
        x.IgnoreStatusCode();
    });

    [Fact]
    public async Task Liveness_and_readiness_answer_with_the_database_state()
    {
        var client = f.Anonymous();
        await client.Scenario(x => { x.Get.Url("/health/live"); x.StatusCodeShouldBeOk(); });
        var ready = await client.Scenario(x => { x.Get.Url("/health/ready"); x.StatusCodeShouldBeOk(); });
        var body = ready.Json();
        // The node's hub feed may be briefly behind.
        Assert.Contains(body.GetProperty("status").GetString(), new[] { "healthy", "degraded" });
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.True(body.GetProperty("checks").TryGetProperty("feed", out _));
        // This host serves HTTP only (Jobs:Enabled=false): readiness says so rather than failing for want of a scheduler.
        var scheduler = body.GetProperty("checks").GetProperty("scheduler");
        Assert.Equal("healthy", scheduler.GetProperty("status").GetString());
        Assert.False(scheduler.GetProperty("data").GetProperty("enabled").GetBoolean());
        Assert.Contains("disabled on this node", scheduler.GetProperty("description").GetString());
        // And it runs no Hangfire server: the storage (this fixture's own database) knows none.
        var hangfire = body.GetProperty("checks").GetProperty("hangfire");
        Assert.Equal("healthy", hangfire.GetProperty("status").GetString());
        Assert.Contains("No Hangfire server on this node", hangfire.GetProperty("description").GetString());
        Assert.Equal(0, hangfire.GetProperty("data").GetProperty("servers").GetArrayLength());
    }

    [Fact]
    public async Task The_openapi_document_covers_every_api_route()
    {
        var doc = (await f.Anonymous().Scenario(x => x.Get.Url("/openapi/v1.json"))).Json();
        var paths = doc.GetProperty("paths");
        var routes = f.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Path: "/" + e.RoutePattern.RawText!.TrimStart('/'), Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(r => r.Path.StartsWith("/api/", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(routes);
        foreach (var (path, methods) in routes)
        {
            var documented = System.Text.RegularExpressions.Regex.Replace(path, @"\{(\w+):\w+\}", "{$1}").TrimEnd('/');
            Assert.True(paths.TryGetProperty(documented, out var item), $"{documented} is not in the OpenAPI document");
            foreach (var method in methods) Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out _), $"{method} {documented} is not documented");
        }
    }

    [Fact]
    public async Task Readiness_reports_a_feed_held_back_by_a_transaction_left_open()
    {
        // An append left open: its transaction took a sequence number and has not committed, so the log's high-water mark
        // stops below it (Marten's transaction evidence) and every event committed after it waits.
        await using var stuck = new Npgsql.NpgsqlConnection(f.Db.AdminConnectionString);
        await stuck.OpenAsync();
        await using var tx = await stuck.BeginTransactionAsync();
        await using (var take = new Npgsql.NpgsqlCommand("select pg_current_xact_id(), nextval('atencion_es.mt_events_sequence')", stuck, tx)) await take.ExecuteScalarAsync();
        await f.As(Api.Flori, "advisor").CreateCase();
        f.Time.Advance(TimeSpan.FromSeconds(45));

        var held = (await Readiness()).Json();
        var feed = held.GetProperty("checks").GetProperty("feed");
        Assert.Equal("degraded", feed.GetProperty("status").GetString());
        Assert.True(feed.GetProperty("data").GetProperty("heldBackEvents").GetInt64() >= 2);
        Assert.True(feed.GetProperty("data").GetProperty("heldBackSeconds").GetDouble() >= 45);

        await tx.RollbackAsync();
        var until = DateTime.UtcNow.AddSeconds(15); // the hole it leaves is skipped once no live transaction can fill it
        string? status = null;
        while (DateTime.UtcNow < until && status != "healthy")
        {
            status = (await Readiness()).Json().GetProperty("checks").GetProperty("feed").GetProperty("status").GetString();
            if (status != "healthy") await Task.Delay(50);
        }
        Assert.Equal("healthy", status);
    }

    [Fact]
    public async Task An_unknown_route_under_a_tenant_is_a_404()
    {
        await f.As(Api.Flori, "advisor").Scenario(x =>
        {
            x.Get.Url($"/api/{Api.Flori}/nothing-here");
            x.StatusCodeShouldBe(HttpStatusCode.NotFound);
        });
    }
}
