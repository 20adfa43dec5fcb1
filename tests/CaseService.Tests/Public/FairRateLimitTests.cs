using System.Net;
using System.Net.Http.Json;
using Atencion.CaseService.Tests.Chat;
using Microsoft.AspNetCore.TestHost;

namespace Atencion.CaseService.Tests.Public;

/// <summary>
/// Three requests a minute per family, entity and client address (the chat family five); 10.0.0.1 is the entity's
/// trusted reverse proxy, whose X-Forwarded-For names the client.
/// </summary>
public sealed class FairRateLimitFixture() : ServiceFixture(new Dictionary<string, string>
{
    ["RateLimits:PublicPerMinute"] = "3",
    ["RateLimits:Families:chat:PerMinute"] = "5",
    ["ForwardedHeaders:KnownProxies:0"] = TrustedProxy,
})
{
    public const string TrustedProxy = "10.0.0.1";

    /// <summary>A client whose requests arrive from this address (the connection's peer), forwarded for another when given.</summary>
    public HttpClient From(string peer, string? forwardedFor = null)
    {
        var address = IPAddress.Parse(peer);
        var client = new HttpClient(Host.Server.CreateHandler(http => http.Connection.RemoteIpAddress = address)) { BaseAddress = Host.Server.BaseAddress };
        if (forwardedFor is not null) client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client;
    }
}

/// <summary>Each test uses addresses of its own: the buckets outlive a test within the fixture.</summary>
public sealed class FairRateLimitTests(FairRateLimitFixture f) : IClassFixture<FairRateLimitFixture>
{
    [Fact]
    public async Task A_citizen_refused_at_one_entitys_form_still_files_at_another()
    {
        var citizen = f.From("198.51.100.1");
        for (var i = 0; i < 3; i++) await citizen.FilePqrsd(Api.Flori);

        var refused = await citizen.PostAsJsonAsync($"/api/{Api.Flori}/pqrsd", PublicApi.Form());

        var problem = await refused.AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {refused.Headers.RetryAfter}");
        // A citizen who asks for no language reads the refusal in Spanish.
        Assert.Equal("Demasiadas solicitudes.", problem.GetProperty("title").GetString());
        Assert.StartsWith("Como máximo 3 solicitudes por minuto desde una misma dirección a las rutas 'form' de esta entidad; intente de nuevo en ",
            problem.GetProperty("detail").GetString());
        await citizen.FilePqrsd(Api.Tenjo);
    }

    [Fact]
    public async Task The_form_and_the_status_page_are_separate_buckets_and_each_family_has_its_own_limit()
    {
        var citizen = f.From("198.51.100.2");
        var filed = await citizen.FilePqrsd(Api.Flori);
        await citizen.FilePqrsd(Api.Flori);
        await citizen.FilePqrsd(Api.Flori);
        await (await citizen.PostAsJsonAsync($"/api/{Api.Flori}/pqrsd", PublicApi.Form())).AssertProblem(HttpStatusCode.TooManyRequests);

        Assert.Equal(HttpStatusCode.OK, (await citizen.Status(Api.Flori, filed.Radicado, filed.TrackingCode)).StatusCode);
        // The chat family is configured at five a minute.
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync($"/api/{Api.Flori}/chat/availability")).StatusCode);
        await (await citizen.GetAsync($"/api/{Api.Flori}/chat/availability")).AssertProblem(HttpStatusCode.TooManyRequests);
        await (await citizen.PostAsJsonAsync($"/api/{Api.Flori}/chats", ChatApi.Form())).AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, (await citizen.Status(Api.Flori, filed.Radicado, filed.TrackingCode)).StatusCode);
    }

    [Fact]
    public async Task X_Forwarded_For_from_a_peer_that_is_not_a_trusted_proxy_is_ignored()
    {
        for (var i = 0; i < 3; i++) await f.From("198.51.100.3", forwardedFor: $"203.0.113.{i + 1}").FilePqrsd(Api.Flori);

        var refused = await f.From("198.51.100.3", forwardedFor: "203.0.113.9").PostAsJsonAsync($"/api/{Api.Flori}/pqrsd", PublicApi.Form());

        await refused.AssertProblem(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Behind_the_trusted_proxy_each_citizen_has_a_bucket_of_their_own()
    {
        var luz = f.From(FairRateLimitFixture.TrustedProxy, forwardedFor: "203.0.113.20");
        for (var i = 0; i < 3; i++) await luz.FilePqrsd(Api.Flori);
        await (await luz.PostAsJsonAsync($"/api/{Api.Flori}/pqrsd", PublicApi.Form())).AssertProblem(HttpStatusCode.TooManyRequests);

        await f.From(FairRateLimitFixture.TrustedProxy, forwardedFor: "203.0.113.21").FilePqrsd(Api.Flori);
        // Two trusted hops (a CDN in front of the proxy): the client is the first address that no trusted proxy is.
        await (await f.From(FairRateLimitFixture.TrustedProxy, forwardedFor: "203.0.113.20, 10.0.0.1").PostAsJsonAsync($"/api/{Api.Flori}/pqrsd", PublicApi.Form()))
            .AssertProblem(HttpStatusCode.TooManyRequests);
    }
}
