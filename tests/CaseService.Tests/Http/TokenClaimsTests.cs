using System.Net;
using Atencion.CaseService.Auth;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Atencion.CaseService.Tests.Http;

/// <summary>A token signed with the right key but lacking its subject, role or entity is refused everywhere (401), and records nothing.</summary>
public sealed class TokenClaimsTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    /// <summary>A token signed like a real one, with only the given claims.</summary>
    private string Signed(Dictionary<string, object> claims)
    {
        var settings = f.Host.Services.GetRequiredService<TokenSettings>();
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer, Audience = settings.Audience, IssuedAt = now, NotBefore = now, Expires = now.AddHours(1),
            Claims = claims, SigningCredentials = new SigningCredentials(settings.Key, SecurityAlgorithms.HmacSha256),
        });
    }

    private Caller With(string token) => f.Bearer(token);

    public static TheoryData<string> Missing => new() { "sub", "role", "tenant" };

    [Theory]
    [MemberData(nameof(Missing))]
    public async Task A_staff_token_without_a_required_claim_is_refused_on_every_kind_of_route_and_appends_nothing(string missing)
    {
        var claims = new Dictionary<string, object> { ["sub"] = "ana", ["role"] = "supervisor", ["tenant"] = Api.Flori };
        claims.Remove(missing);
        var caller = With(Signed(claims));
        var caseId = await f.As(Api.Flori, "advisor").CreateCase();
        var events = await f.Db.CountEventsAsync();

        var requests = new Action<Scenario>[]
        {
            x => x.Put.Json(new { present = true }).ToUrl($"/api/{Api.Flori}/staff/me/presence"),
            x => x.Post.Json(new { text = "Hola" }).ToUrl($"/api/{Api.Flori}/chats/{caseId}/messages"),
            x => x.Post.Json(Api.NewCase()).ToUrl($"/api/{Api.Flori}/cases"),
            x => x.Post.Json(new { text = "Nota" }).ToUrl($"/api/{Api.Flori}/cases/{caseId}/notes"),
            x => x.Get.Url($"/api/{Api.Flori}/cases/{caseId}"),
            // Anonymous routes too: a broken credential is refused, not quietly taken for an anonymous citizen.
            x => x.Get.Url($"/api/{Api.Flori}/chat/availability"),
            x => x.Post.Json(Chat.ChatApi.Form()).ToUrl($"/api/{Api.Flori}/chats"),
        };
        foreach (var request in requests)
        {
            var response = await caller.Scenario(x =>
            {
                request(x);
                x.ProblemShouldBe(HttpStatusCode.Unauthorized);
            });
            Assert.Contains($"'{missing}'", response.Detail());
            Assert.StartsWith("Bearer", response.Header("WWW-Authenticate"));
        }
        Assert.Equal(events, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task A_token_without_a_subject_cannot_open_the_hub()
    {
        var token = Signed(new Dictionary<string, object> { ["role"] = "advisor", ["tenant"] = Api.Flori });
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(f.Host.Server.BaseAddress, "/hubs/chat"), o =>
            {
                o.HttpMessageHandlerFactory = _ => f.Host.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_citizen_token_that_names_no_case_is_refused()
    {
        var token = Signed(new Dictionary<string, object> { ["sub"] = "citizen:x", ["role"] = Roles.Citizen, ["tenant"] = Api.Flori });
        var refused = await With(token).Scenario(x =>
        {
            x.Get.Url($"/api/{Api.Flori}/chats/{Guid.NewGuid()}/messages");
            x.ProblemShouldBe(HttpStatusCode.Unauthorized);
        });
        Assert.Contains("'case'", refused.Detail());
    }

    [Fact]
    public async Task A_complete_token_still_works_and_records_its_subject()
    {
        var caller = With(Signed(new Dictionary<string, object> { ["sub"] = "luisa", ["role"] = "advisor", ["tenant"] = Api.Flori }));
        var caseId = await caller.CreateCase();
        var history = (await f.As(Api.Flori, "auditor", "contraloria").Scenario(x => x.Get.Url($"/api/{Api.Flori}/cases/{caseId}/history"))).Json();
        Assert.All(history.GetProperty("events").EnumerateArray(),
            e => Assert.Equal("luisa", e.GetProperty("metadata").GetProperty("userId").GetString()));
    }
}
