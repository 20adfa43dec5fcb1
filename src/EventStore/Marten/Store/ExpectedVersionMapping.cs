using JasperFx.Events;
using Marten;

namespace Atencion.EventStore.Marten.Store;

/// <summary>Puts an append into a Marten session with our expected-version semantics.</summary>
/// <remarks>
/// Marten's expected version is the stream's version <em>after</em> the append (s1 Q2), ours the version before it:
/// <c>Exactly(v)</c> becomes <c>Append(id, v + count, …)</c>; <c>NoStream</c> is <c>StartStream</c>; <c>Any</c> is an
/// <c>Append</c> without a version, which creates the stream when it is missing.
/// </remarks>
internal static class ExpectedVersionMapping
{
    public static StreamAction Queue(IDocumentSession session, Guid streamId, ExpectedVersion expected, object[] events)
    {
        if (expected == ExpectedVersion.NoStream) return session.Events.StartStream(streamId, events);
        if (expected == ExpectedVersion.Any) return session.Events.Append(streamId, events);
        return session.Events.Append(streamId, expected.Value + events.Length, events);
    }
}
