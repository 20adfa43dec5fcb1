using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Hosting;

public sealed class HostTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task Liveness_and_readiness_answer_with_the_database_state()
    {
        var client = f.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = await ready.Body();
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_openapi_document_covers_every_api_route()
    {
        var doc = await (await f.Anonymous().GetAsync("/openapi/v1.json")).Body();
        var paths = doc.GetProperty("paths");
        var routes = f.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
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
    public async Task An_unknown_route_under_a_tenant_is_a_404()
    {
        var response = await f.Client(Api.Flori, "advisor").GetAsync($"/api/{Api.Flori}/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
