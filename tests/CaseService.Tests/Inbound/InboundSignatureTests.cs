using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Atencion.CaseService.Inbound;
using Atencion.CaseService.Tests.Lifecycle;

namespace Atencion.CaseService.Tests.Inbound;

public sealed class InboundSignatureTests(InboundFixture f) : IClassFixture<InboundFixture>
{
    private async Task<JsonElement> Refused(Task<HttpResponseMessage> send, HttpStatusCode status = HttpStatusCode.Unauthorized)
    {
        var before = await f.Db.CountEventsAsync();
        var response = await send;
        var problem = await response.AssertProblem(status);
        if (status == HttpStatusCode.Unauthorized) Assert.StartsWith("Signature", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(before, await f.Db.CountEventsAsync());
        return problem;
    }

    private static byte[] Body() => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(InboundApi.Email()));

    [Fact]
    public async Task An_unsigned_request_is_a_401_problem()
    {
        var problem = await Refused(f.Anonymous().SendAsync(InboundApi.Post(Api.Flori, Body())));
        Assert.Contains("X-Atencion-Signature", problem.Str("detail"));
        Assert.Equal(InboundApi.Url(), problem.Str("instance"));
        Assert.False(string.IsNullOrEmpty(problem.Str("traceId")));
    }

    [Fact]
    public async Task A_timestamp_without_signature_or_a_signature_without_timestamp_is_a_401()
    {
        var body = Body();
        var now = f.Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var onlyTimestamp = InboundApi.Post(Api.Flori, body);
        onlyTimestamp.Headers.Add(InboundSignature.TimestampHeader, now);
        await Refused(f.Anonymous().SendAsync(onlyTimestamp));
        var onlySignature = InboundApi.Post(Api.Flori, body);
        onlySignature.Headers.Add(InboundSignature.SignatureHeader, InboundSignature.Sign(InboundApi.FloriSecret, now, body));
        await Refused(f.Anonymous().SendAsync(onlySignature));
    }

    [Theory]
    [InlineData("sha256=zz")]
    [InlineData("md5=00ff")]
    [InlineData("sha256=")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public async Task A_malformed_signature_is_a_401(string signature)
    {
        var request = InboundApi.Post(Api.Flori, Body());
        request.Headers.Add(InboundSignature.TimestampHeader, f.Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(InboundSignature.SignatureHeader, signature);
        await Refused(f.Anonymous().SendAsync(request));
    }

    [Fact]
    public async Task A_signature_of_another_body_or_timestamp_is_a_401()
    {
        var body = Body();
        var now = f.Time.GetUtcNow().ToUnixTimeSeconds();
        var tampered = InboundApi.Post(Api.Flori, [.. body[..^1], (byte)' ', (byte)'}']);
        tampered.Headers.Add(InboundSignature.TimestampHeader, now.ToString(CultureInfo.InvariantCulture));
        tampered.Headers.Add(InboundSignature.SignatureHeader, InboundSignature.Sign(InboundApi.FloriSecret, now.ToString(CultureInfo.InvariantCulture), body));
        var problem = await Refused(f.Anonymous().SendAsync(tampered));
        Assert.Contains("does not match", problem.Str("detail"));

        var retimed = InboundApi.Post(Api.Flori, body);
        retimed.Headers.Add(InboundSignature.TimestampHeader, (now - 1).ToString(CultureInfo.InvariantCulture));
        retimed.Headers.Add(InboundSignature.SignatureHeader, InboundSignature.Sign(InboundApi.FloriSecret, now.ToString(CultureInfo.InvariantCulture), body));
        await Refused(f.Anonymous().SendAsync(retimed));
    }

    [Fact]
    public async Task Another_entitys_secret_is_a_401()
    {
        await Refused(f.Deliver(InboundApi.Email(), Api.Flori, secret: InboundApi.TenjoSecret));
        await Refused(f.Deliver(InboundApi.Email(), Api.Flori, secret: "a-guessed-secret"));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86_400)]
    public async Task A_timestamp_more_than_five_minutes_from_the_service_clock_is_a_401(int seconds)
    {
        var problem = await Refused(f.Deliver(InboundApi.Email(), signedAt: f.Time.GetUtcNow().AddSeconds(seconds)));
        Assert.Contains("5 minutes", problem.Str("detail"));
    }

    [Theory]
    [InlineData(-299)]
    [InlineData(299)]
    public async Task A_timestamp_within_five_minutes_is_accepted(int seconds)
    {
        // The fake clock is months away from the machine's: only the injected clock can accept these.
        var response = await f.Deliver(InboundApi.Email(), signedAt: f.Time.GetUtcNow().AddSeconds(seconds));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task The_same_request_signed_earlier_is_refused_once_the_clock_moves_on()
    {
        var body = Body();
        var timestamp = f.Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        f.Time.Advance(TimeSpan.FromMinutes(6));
        var request = InboundApi.Post(Api.Flori, body);
        request.Headers.Add(InboundSignature.TimestampHeader, timestamp);
        request.Headers.Add(InboundSignature.SignatureHeader, InboundSignature.Sign(InboundApi.FloriSecret, timestamp, body));
        await Refused(f.Anonymous().SendAsync(request));
    }

    [Fact]
    public async Task An_entity_without_a_secret_refuses_inbound_mail_with_a_401_that_says_so()
    {
        var problem = await Refused(f.Deliver(InboundApi.Email(), "personeria-itagui", secret: InboundApi.FloriSecret));
        Assert.Contains("no signing secret is configured", problem.Str("detail"));
        Assert.DoesNotContain(InboundApi.FloriSecret, problem.GetRawText());
    }

    [Fact]
    public async Task An_unknown_entity_is_a_404_like_the_rest_of_the_api()
    {
        await Refused(f.Deliver(InboundApi.Email(), "personeria-inexistente"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_staff_token_of_another_entity_is_a_404_even_with_a_good_signature()
    {
        var body = Body();
        var now = f.Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = InboundApi.Post(Api.Flori, body);
        request.Headers.Add(InboundSignature.TimestampHeader, now);
        request.Headers.Add(InboundSignature.SignatureHeader, InboundSignature.Sign(InboundApi.FloriSecret, now, body));
        await Refused(f.As(Api.Tenjo, "advisor").SendAsync(request), HttpStatusCode.NotFound);
    }
}
