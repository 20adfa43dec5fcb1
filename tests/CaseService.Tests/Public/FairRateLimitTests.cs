using System.Net;
using Atencion.CaseService.Tests.Chat;
using Atencion.CaseService.Tests.Http;

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

    /// <summary>A citizen whose requests arrive from this address (the connection's peer), forwarded for another when given; they ask for no language.</summary>
    public Caller From(string peer, string? forwardedFor = null) => this.FromAddress(peer, forwardedFor);
}

/// <summary>Each test uses addresses of its own: the buckets outlive a test within the fixture.</summary>
public sealed class FairRateLimitTests(FairRateLimitFixture f) : IClassFixture<FairRateLimitFixture>
{
    [Fact]
    public async Task A_citizen_refused_at_one_entitys_form_still_files_at_another()
    {
        var citizen = f.From("198.51.100.1");
        await citizen.GivenFormsFiled(3, Api.Flori);

        var refused = await citizen.SendForm(Api.Flori, PublicApi.Form(), x => x.ProblemShouldBe(HttpStatusCode.TooManyRequests));

        var problem = refused.Json();
        Assert.True(refused.RetryAfter()?.Delta > TimeSpan.Zero, $"Retry-After: {refused.RetryAfter()}");
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
        var filed = await citizen.GivenFormsFiled(3, Api.Flori);
        await citizen.SendForm(Api.Flori, PublicApi.Form(), x => x.ProblemShouldBe(HttpStatusCode.TooManyRequests));

        await citizen.Status(Api.Flori, filed.Radicado, filed.TrackingCode, x => x.StatusCodeShouldBeOk());
        // The chat family is configured at five a minute.
        for (var i = 0; i < 5; i++)
            await citizen.Scenario(x => { x.Get.Url($"/api/{Api.Flori}/chat/availability"); x.StatusCodeShouldBeOk(); });
        await citizen.Scenario(x => { x.Get.Url($"/api/{Api.Flori}/chat/availability"); x.ProblemShouldBe(HttpStatusCode.TooManyRequests); });
        await citizen.Scenario(x => { x.Post.Json(ChatApi.Form()).ToUrl($"/api/{Api.Flori}/chats"); x.ProblemShouldBe(HttpStatusCode.TooManyRequests); });
        await citizen.Status(Api.Flori, filed.Radicado, filed.TrackingCode, x => x.StatusCodeShouldBeOk());
    }

    [Fact]
    public async Task X_Forwarded_For_from_a_peer_that_is_not_a_trusted_proxy_is_ignored()
    {
        for (var i = 0; i < 3; i++) await f.From("198.51.100.3", forwardedFor: $"203.0.113.{i + 1}").FilePqrsd(Api.Flori);

        await f.From("198.51.100.3", forwardedFor: "203.0.113.9").SendForm(Api.Flori, PublicApi.Form(), x => x.ProblemShouldBe(HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Behind_the_trusted_proxy_each_citizen_has_a_bucket_of_their_own()
    {
        var luz = f.From(FairRateLimitFixture.TrustedProxy, forwardedFor: "203.0.113.20");
        await luz.GivenFormsFiled(3, Api.Flori);
        await luz.SendForm(Api.Flori, PublicApi.Form(), x => x.ProblemShouldBe(HttpStatusCode.TooManyRequests));

        await f.From(FairRateLimitFixture.TrustedProxy, forwardedFor: "203.0.113.21").FilePqrsd(Api.Flori);
        // Two trusted hops (a CDN in front of the proxy): the client is the first address that no trusted proxy is.
        await f.From(FairRateLimitFixture.TrustedProxy, forwardedFor: "203.0.113.20, 10.0.0.1")
            .SendForm(Api.Flori, PublicApi.Form(), x => x.ProblemShouldBe(HttpStatusCode.TooManyRequests));
    }
}
