using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;

namespace Atencion.CaseService.Inbound;

/// <summary>
/// Reads a request body that must not exceed a limit, hashing it as it arrives. Memory grows with the bytes actually
/// received (not with what Content-Length promises), and a body that passes the limit, declared or mid-stream, is a 413
/// before the rest is read.
/// </summary>
public static class BoundedBody
{
    /// <summary>The body, appended to <paramref name="hash"/> as it was read.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, long limit, IncrementalHash hash, CancellationToken ct)
    {
        if (request.ContentLength > limit) throw TooLarge(limit);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } max) max.MaxRequestBodySize = limit;
        // Grown as bytes arrive, up to what Content-Length declares (or the limit): a promise of 15 MB reserves nothing.
        var cap = Math.Min(limit, request.ContentLength ?? limit);
        var buffer = new byte[(int)Math.Min(cap, 64 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length >= cap)
                {
                    var probe = new byte[1];
                    if (await request.Body.ReadAsync(probe, ct) == 0) break;
                    if (length >= limit) throw TooLarge(limit);
                    cap = limit; // more than declared: a server that allows it still gets no more than the limit
                    Array.Resize(ref buffer, (int)Math.Min(limit, Math.Max(2L * buffer.Length, 64 * 1024)));
                    buffer[length++] = probe[0];
                    hash.AppendData(probe);
                    continue;
                }
                Array.Resize(ref buffer, (int)Math.Min(cap, Math.Max(2L * buffer.Length, 64 * 1024)));
            }
            var read = await request.Body.ReadAsync(buffer.AsMemory(length), ct);
            if (read == 0) break;
            hash.AppendData(buffer, length, read);
            length += read;
        }
        return buffer.AsMemory(0, length);
    }

    private static BadHttpRequestException TooLarge(long limit) =>
        new($"The request body is larger than {limit / (1024 * 1024)} MB; send large files another way.", StatusCodes.Status413PayloadTooLarge);
}
