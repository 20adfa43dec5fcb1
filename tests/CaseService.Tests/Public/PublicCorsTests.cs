using System.Net;
using Atencion.CaseService.Tests.Http;

namespace Atencion.CaseService.Tests.Public;

/// <summary>Every anonymous, citizen-facing route answers the entity's own site, preflight included, and nothing else; a page can read Retry-After, ETag and Location.</summary>
public sealed class PublicCorsTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string FloriSite = "https://www.personeriadefloridablanca.gov.co";
    private const string TenjoSite = "http://www.tenjo-cundinamarca.gov.co";
    private const string Base = $"/api/{Api.Flori}";

    public static TheoryData<string, string> PublicRoutes => new()
    {
        { "POST", $"{Base}/pqrsd" },
        { "GET", $"{Base}/pqrsd/2026-000001?code=ABC123" },
        { "GET", $"{Base}/chat/availability" },
        { "POST", $"{Base}/chats" },
        { "GET", $"{Base}/chats/0196a000-0000-7000-8000-000000000000/messages?after=0196a000-0000-7000-8000-000000000001" },
        { "POST", $"{Base}/chats/0196a000-0000-7000-8000-000000000000/close" },
        { "GET", $"{Base}/surveys/some-token" },
        { "POST", $"{Base}/surveys/some-token" },
        { "POST", $"{Base}/turns" },
        { "GET", $"{Base}/turns/board" },
        { "GET", $"{Base}/turns/0196a000-0000-7000-8000-000000000000" },
    };

    private static string? Header(IScenarioResult response, string name) => response.HeaderOrNull(name);

    [Theory]
    [MemberData(nameof(PublicRoutes))]
    public async Task A_preflight_from_the_entitys_site_is_allowed_on_every_public_route(string method, string path)
    {
        var response = await f.Anonymous().Preflight(path, FloriSite, method);
        Assert.True(response.Status() is (int)HttpStatusCode.NoContent or (int)HttpStatusCode.OK, $"{response.Status()} for OPTIONS {path}");
        Assert.Equal(FloriSite, Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains(method, Header(response, "Access-Control-Allow-Methods"));
    }

    [Theory]
    [MemberData(nameof(PublicRoutes))]
    public async Task A_preflight_from_another_site_gets_no_cors_headers(string method, string path)
    {
        var response = await f.Anonymous().Preflight(path, TenjoSite, method);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
        Assert.Null(Header(response, "Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task The_filing_and_the_status_page_answer_the_site_and_expose_location_etag_and_retry_after()
    {
        var filed = await f.Anonymous().Scenario(x =>
        {
            x.Post.Json(PublicApi.Form()).ToUrl($"{Base}/pqrsd");
            x.WithRequestHeader("Origin", FloriSite);
            x.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        Assert.Equal(FloriSite, Header(filed, "Access-Control-Allow-Origin"));
        var exposed = Header(filed, "Access-Control-Expose-Headers")!.Split(',', StringSplitOptions.TrimEntries);
        Assert.Contains("Location", exposed);
        Assert.Contains("ETag", exposed);
        Assert.Contains("Retry-After", exposed);
        Assert.NotNull(Header(filed, "Location"));

        var body = filed.Json();
        var status = $"{Base}/pqrsd/{body.GetProperty("radicado").GetString()}?code={Uri.EscapeDataString(body.GetProperty("trackingCode").GetString()!)}";
        var read = await f.Anonymous().Scenario(x =>
        {
            x.Get.Url(status);
            x.WithRequestHeader("Origin", FloriSite);
            x.StatusCodeShouldBeOk();
        });
        Assert.Equal(FloriSite, Header(read, "Access-Control-Allow-Origin"));

        var fromTenjo = await f.Anonymous().Scenario(x =>
        {
            x.Get.Url(status);
            x.WithRequestHeader("Origin", TenjoSite);
            x.IgnoreStatusCode();
        });
        Assert.Null(Header(fromTenjo, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Staff_routes_still_answer_no_site()
    {
        Assert.Null(Header(await f.Anonymous().Preflight($"{Base}/cases", FloriSite, "POST"), "Access-Control-Allow-Origin"));
        Assert.Null(Header(await f.Anonymous().Preflight($"{Base}/settings", FloriSite, "PUT"), "Access-Control-Allow-Origin"));
        Assert.Null(Header(await f.Anonymous().Preflight($"{Base}/turns/next", FloriSite, "POST"), "Access-Control-Allow-Origin"));
        // The chat's staff verbs too, beside the citizen's chat routes that do answer the site.
        var chat = Guid.NewGuid();
        Assert.Null(Header(await f.Anonymous().Preflight($"{Base}/chats/{chat}/conduct-warning", FloriSite, "POST"), "Access-Control-Allow-Origin"));
        Assert.Null(Header(await f.Anonymous().Preflight($"{Base}/chats/{chat}/satisfaction-check", FloriSite, "POST"), "Access-Control-Allow-Origin"));
        Assert.Null(Header(await f.Anonymous().Preflight($"{Base}/chats/{chat}/messages/{Guid.NewGuid()}/withdraw", FloriSite, "POST"), "Access-Control-Allow-Origin"));
        Assert.Equal(FloriSite, Header(await f.Anonymous().Preflight($"{Base}/chats/{chat}/messages", FloriSite, "POST"), "Access-Control-Allow-Origin"));
    }
}
