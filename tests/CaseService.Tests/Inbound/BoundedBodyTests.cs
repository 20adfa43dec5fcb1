using System.Security.Cryptography;
using Atencion.CaseService.Inbound;
using Microsoft.AspNetCore.Http;

namespace Atencion.CaseService.Tests.Inbound;

public sealed class BoundedBodyTests
{
    private const int Limit = 1024 * 1024;

    private sealed class Counted(byte[] bytes) : MemoryStream(bytes)
    {
        public long BytesRead { get; private set; }
        public override bool CanSeek => false;
        // BoundedBody reads asynchronously; the synchronous reads underneath are not counted again.
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            var n = await base.ReadAsync(buffer, ct);
            BytesRead += n;
            return n;
        }
    }

    private static (HttpRequest Request, Counted Body) Request(int length, long? declared)
    {
        var http = new DefaultHttpContext();
        var body = new Counted(RandomNumberGenerator.GetBytes(length));
        http.Request.Body = body;
        http.Request.ContentLength = declared;
        return (http.Request, body);
    }

    [Fact]
    public async Task A_body_that_passes_the_limit_mid_stream_is_a_413_once_one_byte_past_it_was_read()
    {
        var (request, body) = Request(Limit * 3, declared: null);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var refused = await Assert.ThrowsAsync<BadHttpRequestException>(() => BoundedBody.ReadAsync(request, Limit, hash, default));
        Assert.Equal(413, refused.StatusCode);
        Assert.Equal(Limit + 1, body.BytesRead);
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_a_413_before_any_byte_is_read()
    {
        var (request, body) = Request(Limit + 10, declared: Limit + 10);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var refused = await Assert.ThrowsAsync<BadHttpRequestException>(() => BoundedBody.ReadAsync(request, Limit, hash, default));
        Assert.Equal(413, refused.StatusCode);
        Assert.Equal(0, body.BytesRead);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(100_000, false)]
    [InlineData(Limit, true)]
    [InlineData(Limit, false)]
    public async Task A_body_within_the_limit_is_read_whole_and_hashed_as_it_arrived(int length, bool declared)
    {
        var (request, body) = Request(length, declared ? length : null);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var read = await BoundedBody.ReadAsync(request, Limit, hash, default);
        var sent = body.ToArray();
        Assert.Equal(sent, read.ToArray());
        Assert.Equal(SHA256.HashData(sent), hash.GetHashAndReset());
    }
}
