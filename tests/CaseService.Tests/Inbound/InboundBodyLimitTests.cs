using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Atencion.CaseService.Http;
using Atencion.CaseService.Inbound;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Atencion.CaseService.Tests.Lifecycle;

namespace Atencion.CaseService.Tests.Inbound;

/// <summary>The inbound fixture, counting the body bytes the service reads.</summary>
public sealed class InboundBodyFixture() : ServiceFixture(new Dictionary<string, string>
{
    [InboundSignature.SecretKey(Api.Flori)] = InboundApi.FloriSecret,
})
{
    public BodyReads Reads { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IStartupFilter>(Reads);
}

/// <summary>What the headers already condemn is refused before the body is read; a body is never read past 15 MB.</summary>
public sealed class InboundBodyLimitTests(InboundBodyFixture f) : IClassFixture<InboundBodyFixture>
{
    private const long MB = 1024 * 1024;

    private string Now() => f.Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>A request with a body of <paramref name="length"/> blanks, and the correlation id its reads are counted under.</summary>
    private static (HttpRequestMessage Request, Guid Id) Blanks(long length)
    {
        var content = new ByteArrayContent(Enumerable.Repeat((byte)' ', (int)length).ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var id = Guid.NewGuid();
        var request = new HttpRequestMessage(HttpMethod.Post, InboundApi.Url()) { Content = content };
        request.Headers.Add(Actor.CorrelationHeader, id.ToString());
        return (request, id);
    }

    [Fact]
    public async Task A_declared_length_over_15_mb_is_a_413_before_the_body_is_read()
    {
        var before = await f.Db.CountEventsAsync();
        var (request, id) = Blanks(20 * MB);
        request.Headers.Add(InboundSignature.TimestampHeader, Now());
        request.Headers.Add(InboundSignature.SignatureHeader, "sha256=" + new string('a', 64));

        var problem = await (await f.Anonymous().SendAsync(request)).AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("15 MB", problem.Str("detail"));
        Assert.Equal(0, f.Reads.Of(id));
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sha256=zz")]
    [InlineData("sha256=0123")]
    [InlineData("md5=0123456789abcdef0123456789abcdef")]
    public async Task A_missing_or_malformed_signature_is_a_401_before_the_body_is_read(string? signature)
    {
        var (request, id) = Blanks(5 * MB);
        request.Headers.Add(InboundSignature.TimestampHeader, Now());
        if (signature is not null) request.Headers.Add(InboundSignature.SignatureHeader, signature);

        var response = await f.Anonymous().SendAsync(request);
        var problem = await response.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Equal(0, f.Reads.Of(id));
        Assert.Contains(InboundSignature.SignatureHeader, problem.Str("detail"));
        Assert.StartsWith("Signature", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_signed_body_over_15_mb_sent_without_a_declared_length_is_a_413_and_appends_nothing()
    {
        // Two 6 MB PDFs: each within the attachment limit, together 16 MB in base64.
        byte[] Pdf() => [.. "%PDF-1.7\n"u8, .. new byte[6 * MB]];
        var email = InboundApi.Email();
        email["attachments"] = new[] { InboundApi.Attachment("uno.pdf", Pdf()), InboundApi.Attachment("dos.pdf", Pdf()) };
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(email));
        Assert.InRange(json.Length, 15 * MB + 1, 20 * MB);
        var timestamp = Now();
        var content = new StreamContent(new UnseekableStream(json)); // no Content-Length: sent chunked
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, InboundApi.Url()) { Content = content };
        var id = Guid.NewGuid();
        request.Headers.Add(Actor.CorrelationHeader, id.ToString());
        request.Headers.Add(InboundSignature.TimestampHeader, timestamp);
        request.Headers.Add(InboundSignature.SignatureHeader, InboundSignature.Sign(InboundApi.FloriSecret, timestamp, json));
        var before = await f.Db.CountEventsAsync();
        var rows = await f.InboundRowsAsync();

        var problem = await (await f.Anonymous().SendAsync(request)).AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("15 MB", problem.Str("detail"));
        Assert.True(f.Reads.Of(id) <= 15 * MB + 1, $"{f.Reads.Of(id)} bytes were read");
        Assert.Equal(before, await f.Db.CountEventsAsync());
        Assert.Equal(rows, await f.InboundRowsAsync());
    }

    [Fact]
    public async Task A_signed_email_with_a_10_mb_attachment_still_fits()
    {
        byte[] pdf = [.. "%PDF-1.7\n"u8, .. new byte[10 * MB - 100]];
        var email = InboundApi.Email();
        email["attachments"] = new[] { InboundApi.Attachment("acta.pdf", pdf) };
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(email));
        var timestamp = Now();
        var request = InboundApi.Post(Api.Flori, json);
        var id = Guid.NewGuid();
        request.Headers.Add(Actor.CorrelationHeader, id.ToString());
        request.Headers.Add(InboundSignature.TimestampHeader, timestamp);
        request.Headers.Add(InboundSignature.SignatureHeader, InboundSignature.Sign(InboundApi.FloriSecret, timestamp, json));

        var response = await f.Anonymous().SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(json.Length, f.Reads.Of(id)); // the counting the other tests rely on sees a whole body
    }

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
