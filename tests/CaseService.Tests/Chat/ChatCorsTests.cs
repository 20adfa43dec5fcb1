using System.Net;

namespace Atencion.CaseService.Tests.Chat;

/// <summary>The widget lives on the entity's own site: its public chat routes and the hub answer exactly that origin.</summary>
public sealed class ChatCorsTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string FloriSite = "https://www.personeriadefloridablanca.gov.co";
    private const string TenjoSite = "http://www.tenjo-cundinamarca.gov.co";

    private static string? AllowedOrigin(IScenarioResult result) =>
        result.Context.Response.Headers.TryGetValue("Access-Control-Allow-Origin", out var values) ? values.Single() : null;

    [Theory]
    [InlineData("/api/personeria-floridablanca/chats")]
    [InlineData("/api/personeria-floridablanca/chat/availability", "GET")]
    [InlineData("/api/personeria-floridablanca/chats/0196a000-0000-7000-8000-000000000000/messages")]
    [InlineData("/hubs/chat/negotiate?tenant=personeria-floridablanca&negotiateVersion=1")]
    public async Task A_preflight_from_the_entitys_site_is_allowed(string path, string method = "POST")
    {
        var response = await f.Anonymous().Preflight(path, FloriSite, method);
        Assert.Equal(FloriSite, AllowedOrigin(response));
        Assert.True(response.Context.Response.Headers.ContainsKey("Access-Control-Allow-Methods"));
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData(TenjoSite)]
    [InlineData("http://www.personeriadefloridablanca.gov.co")]
    public async Task A_preflight_from_another_origin_gets_no_cors_headers(string origin)
    {
        Assert.Null(AllowedOrigin(await f.Anonymous().Preflight("/api/personeria-floridablanca/chats", origin)));
        Assert.Null(AllowedOrigin(await f.Anonymous().Preflight("/hubs/chat/negotiate?tenant=personeria-floridablanca", origin)));
    }

    [Fact]
    public async Task Each_entity_allows_its_own_site_only()
    {
        Assert.Equal(TenjoSite, AllowedOrigin(await f.Anonymous().Preflight("/api/alcaldia-tenjo/chats", TenjoSite)));
        Assert.Null(AllowedOrigin(await f.Anonymous().Preflight("/api/alcaldia-tenjo/chats", FloriSite)));
        Assert.Null(AllowedOrigin(await f.Anonymous().Preflight("/hubs/chat/negotiate", FloriSite)));
    }

    [Fact]
    public async Task Staff_routes_allow_no_origin()
    {
        Assert.Null(AllowedOrigin(await f.Anonymous().Preflight("/api/personeria-floridablanca/cases", FloriSite)));
    }

    [Fact]
    public async Task A_problem_answered_to_the_site_carries_the_header_so_the_widget_can_read_it()
    {
        var response = await f.Anonymous().Scenario(x =>
        {
            x.Post.RawJson("{}").ToUrl("/api/personeria-floridablanca/chats");
            x.WithRequestHeader("Origin", FloriSite);
            x.ProblemShouldBe(HttpStatusCode.BadRequest);
        });
        Assert.Equal(FloriSite, AllowedOrigin(response));
    }
}
