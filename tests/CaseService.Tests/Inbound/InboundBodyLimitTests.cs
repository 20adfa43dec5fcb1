using System.Net;
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

    /// <summary>Scenario step: a body of <paramref name="length"/> blanks, sent with the correlation id its reads are counted under.</summary>
    private static void Blanks(Scenario x, long length, Guid id)
    {
        x.PostToInbound(Enumerable.Repeat((byte)' ', (int)length).ToArray());
        x.WithRequestHeader(Actor.CorrelationHeader, id.ToString());
    }

    [Fact]
    public async Task A_declared_length_over_15_mb_is_a_413_before_the_body_is_read()
    {
        var before = await f.Db.CountEventsAsync();
        var id = Guid.NewGuid();

        var response = await f.Anonymous().Scenario(x =>
        {
            Blanks(x, 20 * MB, id);
            x.Signed(f.Timestamp(), "sha256=" + new string('a', 64));
            x.ProblemShouldBe(HttpStatusCode.RequestEntityTooLarge);
        });

        Assert.Contains("15 MB", response.Json().Str("detail"));
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
        var id = Guid.NewGuid();

        var response = await f.Anonymous().Scenario(x =>
        {
            Blanks(x, 5 * MB, id);
            x.Signed(f.Timestamp(), signature);
            x.ProblemShouldBe(HttpStatusCode.Unauthorized);
        });

        var problem = response.Json();
        Assert.Equal(0, f.Reads.Of(id));
        Assert.Contains(InboundSignature.SignatureHeader, problem.Str("detail"));
        Assert.StartsWith("Signature", response.Header("WWW-Authenticate"));
    }

    [Fact]
    public async Task A_signed_body_over_15_mb_sent_without_a_declared_length_is_a_413_and_appends_nothing()
    {
        // Two 6 MB PDFs: each within the attachment limit, together 16 MB in base64.
        byte[] Pdf() => [.. "%PDF-1.7\n"u8, .. new byte[6 * MB]];
        var email = InboundApi.Email();
        email["attachments"] = new[] { InboundApi.Attachment("uno.pdf", Pdf()), InboundApi.Attachment("dos.pdf", Pdf()) };
        var json = InboundApi.Bytes(email);
        Assert.InRange(json.Length, 15 * MB + 1, 20 * MB);
        var timestamp = f.Timestamp();
        var id = Guid.NewGuid();
        var before = await f.Db.CountEventsAsync();
        var rows = await f.InboundRowsAsync();

        var response = await f.Anonymous().Scenario(x =>
        {
            x.PostToInbound(json);
            // No Content-Length: the service learns the size only by reading, as with a chunked upload.
            x.ConfigureHttpContext(c => c.Request.ContentLength = null);
            x.WithRequestHeader(Actor.CorrelationHeader, id.ToString());
            x.SignedWith(InboundApi.FloriSecret, timestamp, json);
            x.ProblemShouldBe(HttpStatusCode.RequestEntityTooLarge);
        });

        Assert.Null(response.Context.Request.ContentLength); // the request went as the test means: no declared length
        Assert.Contains("15 MB", response.Json().Str("detail"));
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
        var json = InboundApi.Bytes(email);
        var timestamp = f.Timestamp();
        var id = Guid.NewGuid();

        await f.Anonymous().Scenario(x =>
        {
            x.PostToInbound(json);
            x.WithRequestHeader(Actor.CorrelationHeader, id.ToString());
            x.SignedWith(InboundApi.FloriSecret, timestamp, json);
            x.StatusCodeShouldBe(HttpStatusCode.Created);
        });

        Assert.Equal(json.Length, f.Reads.Of(id)); // the counting the other tests rely on sees a whole body
    }
}
