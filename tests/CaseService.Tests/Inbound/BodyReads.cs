using System.Collections.Concurrent;
using Atencion.CaseService.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Atencion.CaseService.Tests.Inbound;

/// <summary>
/// Counts, per request (by the X-Correlation-Id the test sends), the body bytes the service read. A scenario hands the
/// service the whole request body in memory whatever the service does, so only the service's side shows what it read.
/// </summary>
public sealed class BodyReads : IStartupFilter
{
    private readonly ConcurrentDictionary<Guid, long> _read = new();

    /// <summary>The bytes the service read of the request sent with this correlation id.</summary>
    public long Of(Guid correlationId) => _read.TryGetValue(correlationId, out var n) ? n : 0;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (http, nextMiddleware) =>
        {
            if (Guid.TryParse(http.Request.Headers[Actor.CorrelationHeader], out var id))
            {
                var counted = new Counted(http.Request.Body, n => _read.AddOrUpdate(id, n, (_, total) => total + n));
                http.Request.Body = counted;
            }
            await nextMiddleware(http);
        });
        next(app);
    };

    private sealed class Counted(Stream inner, Action<int> onRead) : Stream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            var n = await inner.ReadAsync(buffer, ct);
            onRead(n);
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
        public override int Read(byte[] buffer, int offset, int count) { var n = inner.Read(buffer, offset, count); onRead(n); return n; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
