using System.Globalization;
using System.Net;
using System.Text.Json;
using Atencion.CaseService.Inbound;
using Atencion.CaseService.Tests.Lifecycle;

namespace Atencion.CaseService.Tests.Inbound;

public sealed class InboundSignatureTests(InboundFixture f) : IClassFixture<InboundFixture>
{
    /// <summary>
    /// Runs a request that must be refused with a problem of this status (a 401 says which scheme it wants), and checks that
    /// nothing was appended. <paramref name="send"/> runs the scenario with the expectation it is given.
    /// </summary>
    private async Task<JsonElement> Refused(Func<Action<Scenario>, Task<IScenarioResult>> send, HttpStatusCode status = HttpStatusCode.Unauthorized)
    {
        var before = await f.Db.CountEventsAsync();
        var response = await send(x => x.ProblemShouldBe(status));
        var problem = response.Json();
        if (status == HttpStatusCode.Unauthorized) Assert.StartsWith("Signature", response.Header("WWW-Authenticate"));
        Assert.Equal(before, await f.Db.CountEventsAsync());
        return problem;
    }

    /// <summary>Posts the body to Floridablanca's inbound route as <paramref name="caller"/> (nobody by default), with these signature headers.</summary>
    private Func<Action<Scenario>, Task<IScenarioResult>> Post(byte[] body, string? timestamp, string? signature, Caller? caller = null) =>
        expect => (caller ?? f.Anonymous()).Scenario(x =>
        {
            x.PostToInbound(body);
            x.Signed(timestamp, signature);
            expect(x);
        });

    private static byte[] Body() => InboundApi.Bytes(InboundApi.Email());

    [Fact]
    public async Task An_unsigned_request_is_a_401_problem()
    {
        var problem = await Refused(Post(Body(), timestamp: null, signature: null));
        Assert.Contains("X-Atencion-Signature", problem.Str("detail"));
        Assert.Equal(InboundApi.Url(), problem.Str("instance"));
        Assert.False(string.IsNullOrEmpty(problem.Str("traceId")));
    }

    [Fact]
    public async Task A_timestamp_without_signature_or_a_signature_without_timestamp_is_a_401()
    {
        var body = Body();
        var now = f.Timestamp();
        await Refused(Post(body, now, signature: null));
        await Refused(Post(body, timestamp: null, InboundSignature.Sign(InboundApi.FloriSecret, now, body)));
    }

    [Theory]
    [InlineData("sha256=zz")]
    [InlineData("md5=00ff")]
    [InlineData("sha256=")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public async Task A_malformed_signature_is_a_401(string signature)
    {
        await Refused(Post(Body(), f.Timestamp(), signature));
    }

    [Fact]
    public async Task A_signature_of_another_body_or_timestamp_is_a_401()
    {
        var body = Body();
        var now = f.Time.GetUtcNow().ToUnixTimeSeconds();
        var problem = await Refused(Post([.. body[..^1], (byte)' ', (byte)'}'], now.ToString(CultureInfo.InvariantCulture),
            InboundSignature.Sign(InboundApi.FloriSecret, now.ToString(CultureInfo.InvariantCulture), body)));
        Assert.Contains("does not match", problem.Str("detail"));

        await Refused(Post(body, (now - 1).ToString(CultureInfo.InvariantCulture),
            InboundSignature.Sign(InboundApi.FloriSecret, now.ToString(CultureInfo.InvariantCulture), body)));
    }

    [Fact]
    public async Task Another_entitys_secret_is_a_401()
    {
        await Refused(e => f.Deliver(InboundApi.Email(), Api.Flori, secret: InboundApi.TenjoSecret, expect: e));
        await Refused(e => f.Deliver(InboundApi.Email(), Api.Flori, secret: "a-guessed-secret", expect: e));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86_400)]
    public async Task A_timestamp_more_than_five_minutes_from_the_service_clock_is_a_401(int seconds)
    {
        var problem = await Refused(e => f.Deliver(InboundApi.Email(), signedAt: f.Time.GetUtcNow().AddSeconds(seconds), expect: e));
        Assert.Contains("5 minutes", problem.Str("detail"));
    }

    [Theory]
    [InlineData(-299)]
    [InlineData(299)]
    public async Task A_timestamp_within_five_minutes_is_accepted(int seconds)
    {
        // The fake clock is months away from the machine's: only the injected clock can accept these.
        await f.Deliver(InboundApi.Email(), signedAt: f.Time.GetUtcNow().AddSeconds(seconds), expect: x => x.StatusCodeShouldBe(HttpStatusCode.Created));
    }

    [Fact]
    public async Task The_same_request_signed_earlier_is_refused_once_the_clock_moves_on()
    {
        var body = Body();
        var timestamp = f.Timestamp();
        f.Time.Advance(TimeSpan.FromMinutes(6));
        await Refused(Post(body, timestamp, InboundSignature.Sign(InboundApi.FloriSecret, timestamp, body)));
    }

    [Fact]
    public async Task An_entity_without_a_secret_refuses_inbound_mail_with_a_401_that_says_so()
    {
        var problem = await Refused(e => f.Deliver(InboundApi.Email(), "personeria-itagui", secret: InboundApi.FloriSecret, expect: e));
        Assert.Contains("no signing secret is configured", problem.Str("detail"));
        Assert.DoesNotContain(InboundApi.FloriSecret, problem.GetRawText());
    }

    [Fact]
    public async Task An_unknown_entity_is_a_404_like_the_rest_of_the_api()
    {
        await Refused(e => f.Deliver(InboundApi.Email(), "personeria-inexistente", expect: e), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_staff_token_of_another_entity_is_a_404_even_with_a_good_signature()
    {
        var body = Body();
        var now = f.Timestamp();
        await Refused(Post(body, now, InboundSignature.Sign(InboundApi.FloriSecret, now, body), caller: f.As(Api.Tenjo, "advisor")), HttpStatusCode.NotFound);
    }
}
